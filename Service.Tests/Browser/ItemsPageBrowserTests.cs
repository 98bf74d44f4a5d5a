using System.Net;
using System.Text.Json;
using OpenQA.Selenium;
using Switchyard.Items;
using Switchyard.Tests.Faults;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Browser;

/// <summary>
/// The items page in a real headless Chromium, against the published service on 127.0.0.1 over
/// each real store: what a person does with it, and a forged cross-site post. Each test saves a
/// screenshot under TestResults/browser/.
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Browser")]
[NonParallelizable]
public sealed class ItemsPageBrowserTests(string kind) : PublishedServiceFixture(kind)
{
    private HeadlessChromium _chromium = null!;

    private OpenQA.Selenium.Chrome.ChromeDriver Browser => _chromium.Driver;

    [OneTimeSetUp]
    public void StartBrowser() => _chromium = HeadlessChromium.Start();

    [OneTimeTearDown]
    public void StopBrowser() => _chromium?.Dispose();

    [SetUp]
    public void SignIn()
    {
        // Credentials in the address sign the browser in; it then sends them with every request to this origin, as a person's browser does.
        Browser.Navigate().GoToUrl($"http://{PublishedService.Username}:{PublishedService.Password}@127.0.0.1:{Service.Port}/");
        _chromium.WaitUntil(() => Browser.FindElement(By.TagName("h1")).Text == "Items", "the items page");
    }

    [Test]
    public async Task A_created_item_is_listed_with_its_line_breaks()
    {
        var name = $"browser item {Guid.NewGuid():N}"[..30];

        Browser.FindElement(By.Id("name")).SendKeys(name);
        Browser.FindElement(By.Id("notes")).SendKeys("first line" + Keys.Enter + "second line");
        Browser.FindElement(By.XPath("//button[.='Create']")).Click();
        _chromium.WaitUntil(() => Notice().Contains(name, StringComparison.Ordinal), "the created notice");
        _chromium.Screenshot($"create-{Kind}");

        var card = Card(name);
        var stored = (await Client.ListAllItemsAsync()).Single(item => item.Name == name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Notice(), Is.EqualTo($"Created “{name}” (version 1)."));
            Assert.That(card.FindElement(By.ClassName("notes")).Text, Is.EqualTo("first line\nsecond line"), "The notes show their line break.");
            Assert.That(stored.Notes, Is.EqualTo("first line\nsecond line"));
            Assert.That(new Uri(Browser.Url).AbsolutePath, Is.EqualTo("/"), "After the post the browser is on a page it got with GET.");
        }
    }

    [Test]
    public async Task An_edit_saves_version_2()
    {
        var id = await CreateAsync("before the edit", "old notes");
        Browser.Navigate().Refresh();

        Card("before the edit").FindElement(By.LinkText("Edit")).Click();
        _chromium.WaitUntil(() => Browser.FindElement(By.TagName("h1")).Text == "Edit item", "the edit form");
        Replace(By.Id("name"), "after the edit");
        Replace(By.Id("notes"), "new notes");
        Browser.FindElement(By.XPath("//button[.='Save']")).Click();
        _chromium.WaitUntil(() => Notice().StartsWith("Saved", StringComparison.Ordinal), "the saved notice");
        _chromium.Screenshot($"edit-{Kind}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Notice(), Is.EqualTo("Saved “after the edit” (version 2)."));
            Assert.That(Card("after the edit").FindElement(By.ClassName("version")).Text, Is.EqualTo("2"));
            Assert.That((await GetAsync(id)).GetProperty("version").GetInt64(), Is.EqualTo(2));
        }
    }

    [Test]
    public async Task A_stale_edit_from_a_second_tab_shows_the_conflict_and_overwrites_nothing()
    {
        var id = await CreateAsync("shared item", null);
        Browser.Navigate().GoToUrl(Url($"/items/{id}"));
        var firstTab = Browser.CurrentWindowHandle;

        Browser.SwitchTo().NewWindow(WindowType.Tab);
        Browser.Navigate().GoToUrl(Url($"/items/{id}"));
        Replace(By.Id("name"), "saved in the second tab");
        Browser.FindElement(By.XPath("//button[.='Save']")).Click();
        _chromium.WaitUntil(() => Notice().StartsWith("Saved", StringComparison.Ordinal), "the second tab's save");
        Browser.Close();

        Browser.SwitchTo().Window(firstTab);
        Replace(By.Id("name"), "stale edit in the first tab");
        Browser.FindElement(By.XPath("//button[.='Save']")).Click();
        _chromium.WaitUntil(() => Browser.FindElements(By.ClassName("conflict")).Count > 0, "the conflict");
        _chromium.Screenshot($"stale-edit-{Kind}");

        var conflict = Browser.FindElement(By.ClassName("conflict")).Text;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(conflict, Does.Contain("Not saved: someone else changed this item.").And.Contain("You edited version 1; it is now at version 2."));
            Assert.That(conflict, Does.Contain("saved in the second tab"), "The current text is shown.");
            Assert.That(Browser.FindElement(By.Id("name")).GetAttribute("value"), Is.EqualTo("stale edit in the first tab"), "What was typed is kept.");
            Assert.That((await GetAsync(id)).GetProperty("name").GetString(), Is.EqualTo("saved in the second tab"));
        }
    }

    [Test]
    public async Task A_delete_asks_for_confirmation_and_then_the_item_is_gone()
    {
        var id = await CreateAsync("to be deleted", "bye");
        Browser.Navigate().Refresh();

        Card("to be deleted").FindElement(By.LinkText("Delete")).Click();
        _chromium.WaitUntil(() => Browser.FindElement(By.TagName("h1")).Text == "Delete item?", "the confirmation");
        _chromium.Screenshot($"delete-confirm-{Kind}");
        Browser.FindElement(By.XPath("//button[.='Delete']")).Click();
        _chromium.WaitUntil(() => Notice() == "Item deleted.", "the deleted notice");
        _chromium.Screenshot($"delete-done-{Kind}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Browser.FindElements(By.XPath("//ul[@class='items']/li/h3[.='to be deleted']")), Is.Empty);
            using var response = await Client.GetAsync($"/api/items/{id}");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task A_cross_site_form_post_without_the_token_is_refused_and_stores_nothing()
    {
        var marker = $"forged {Guid.NewGuid():N}";

        // Another site's page (an opaque origin) with a form aimed at the service; the browser is signed in to the service.
        var forgery = $"""
            <form method="post" action="{Url("/items")}"><input name="name" value="{marker}"><input name="notes" value="x"><button id="go">Go</button></form>
            """;
        Browser.Navigate().GoToUrl("data:text/html;charset=utf-8," + Uri.EscapeDataString(forgery));
        Browser.FindElement(By.Id("go")).Click();
        _chromium.WaitUntil(() => Browser.Url.StartsWith(Url("/items"), StringComparison.Ordinal) && Browser.FindElements(By.TagName("h1")).Count > 0, "the service's answer");
        _chromium.Screenshot($"cross-site-post-{Kind}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Browser.FindElement(By.TagName("h1")).Text, Is.EqualTo("Form refused"),
                "The browser sent its credentials with the forged post, and the service refused it for want of a token.");
            Assert.That((await Client.ListAllItemsAsync()).Select(item => item.Name), Does.Not.Contain(marker));
        }
    }

    private string Url(string path) => $"http://127.0.0.1:{Service.Port}{path}";

    private string Notice() => Browser.FindElements(By.ClassName("notice")) is [var notice, ..] ? notice.Text : "";

    private IWebElement Card(string name) => Browser.FindElement(By.XPath($"//ul[@class='items']/li[h3[.='{name}']]"));

    private void Replace(By field, string text)
    {
        var input = Browser.FindElement(field);
        input.Clear();
        input.SendKeys(text);
    }

    private async Task<string> CreateAsync(string name, string? notes)
    {
        var (status, id) = await FaultHttp.CreateAsync(Client, name, notes);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Created));
        return id!;
    }

    private async Task<JsonElement> GetAsync(string id)
    {
        using var response = await Client.GetAsync($"/api/items/{id}");
        return await response.ReadJsonAsync<JsonElement>(HttpStatusCode.OK);
    }
}

using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchyard.Hosting;
using Switchyard.Items;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Http;

/// <summary>The items page's forms and links, and the security headers, through the real service on each real store.</summary>
[TestFixture(ServiceEnvironment.StoreKinds.Postgres)]
[TestFixture(ServiceEnvironment.StoreKinds.DynamoDb)]
public sealed partial class ItemsPageHttpTests(string kind) : InProcessServiceFixture(kind)
{
    [Test]
    public async Task Create_through_the_form_redirects_with_303_and_lists_the_item_with_its_line_breaks()
    {
        var name = $"form item {Guid.NewGuid():N}";

        var response = await PostFormAsync("/items", await TokenAsync("/"), ("name", name), ("notes", "line one\r\nline <two>"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        var page = await GetHtmlAsync(response.Headers.Location!.ToString());
        var item = (await Client.ListAllItemsAsync()).Single(i => i.Name == name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(page, Does.Contain($"Created &#x201C;{name}&#x201D; (version 1)."));
            Assert.That(page, Does.Contain("<p class=\"notes\">line one&#xA;line &lt;two&gt;</p>"));
            Assert.That(item.Notes, Is.EqualTo("line one\nline <two>"), "Line breaks are stored as line feeds.");
        }
    }

    [Test]
    public async Task A_form_post_without_a_valid_antiforgery_token_is_400_andStores_nothing()
    {
        var marker = $"forged {Guid.NewGuid():N}";
        var token = await TokenAsync("/");
        using var cookieless = CookielessClient(Factory);

        var statuses = new[]
        {
            (await PostFormAsync("/items", null, ("name", marker))).StatusCode,
            (await PostFormAsync("/items", token[..^2] + "xx", ("name", marker))).StatusCode,
            (await cookieless.PostAsync("/items", new FormUrlEncodedContent([new(BrowserSecurity.AntiforgeryFieldName, token), new("name", marker)]))).StatusCode,
        };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.BadRequest), "No token, a wrong token, and a token without its cookie are refused.");
            Assert.That((await Client.ListAllItemsAsync()).Select(i => i.Name), Does.Not.Contain(marker));
        }
    }

    [Test]
    public async Task Invalid_form_values_are_shown_on_the_page_with_400_and_the_text_typed_is_kept()
    {
        var notes = $"kept {Guid.NewGuid():N}";

        var response = await PostFormAsync("/items", await TokenAsync("/"), ("name", "  "), ("notes", notes));

        var page = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(page, Does.Contain("<p class=\"field-error\" data-field=\"name\">&#x27;name&#x27; must not be empty.</p>"));
            Assert.That(page, Does.Contain(notes));
            Assert.That((await Client.ListAllItemsAsync()).Select(i => i.Notes), Does.Not.Contain(notes));
        }
    }

    [Test]
    public async Task Edit_with_the_version_read_saves_version_2()
    {
        var created = await CreateAsync("before edit");
        var token = await TokenAsync($"/items/{created.Id}");

        var response = await PostFormAsync($"/items/{created.Id}", token, ("name", "after edit"), ("notes", "new notes"), ("version", "1"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
        Assert.That(await GetHtmlAsync(response.Headers.Location!.ToString()), Does.Contain("Saved &#x201C;after edit&#x201D; (version 2)."));
        var item = await GetItemAsync(created.Id);
        Assert.That((item.Name, item.Notes, item.Version), Is.EqualTo(("after edit", "new notes", 2L)));
    }

    [Test]
    public async Task A_stale_edit_is_409_showing_the_conflict_and_overwrites_nothing()
    {
        var created = await CreateAsync("original");
        var token = await TokenAsync($"/items/{created.Id}");
        var changedElsewhere = await UpdateThroughApiAsync(created.Id, "changed elsewhere");

        var response = await PostFormAsync($"/items/{created.Id}", token, ("name", "my stale edit"), ("notes", ""), ("version", "1"));

        var page = await response.Content.ReadAsStringAsync();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(page, Does.Contain("Not saved: someone else changed this item.").And.Contain("You edited version 1; it is now at version 2."));
            Assert.That(page, Does.Contain("<h3>changed elsewhere</h3>"), "The current text is shown.");
            Assert.That(page, Does.Contain("value=\"my stale edit\"").And.Contain("name=\"version\" value=\"2\""), "The text typed is kept, now against version 2.");
            Assert.That(await GetItemAsync(created.Id), Is.EqualTo(changedElsewhere));
        }
    }

    [Test]
    public async Task Delete_asks_for_confirmation_then_the_item_is_gone()
    {
        var created = await CreateAsync("to delete");

        var confirmation = await GetHtmlAsync($"/items/{created.Id}/delete");
        var response = await PostFormAsync($"/items/{created.Id}/delete", TokenIn(confirmation), ("version", "1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(confirmation, Does.Contain("<h1>Delete item?</h1>").And.Contain("<h3>to delete</h3>"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.SeeOther));
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo("/?done=deleted"));
            Assert.That((await Client.GetAsync($"/api/items/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        }
    }

    [Test]
    public async Task A_stale_delete_is_409_and_keeps_the_item()
    {
        var created = await CreateAsync("kept");
        var confirmation = await GetHtmlAsync($"/items/{created.Id}/delete");
        var changed = await UpdateThroughApiAsync(created.Id, "kept, changed");

        var response = await PostFormAsync($"/items/{created.Id}/delete", TokenIn(confirmation), ("version", "1"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Not deleted: someone else changed this item."));
            Assert.That(await GetItemAsync(created.Id), Is.EqualTo(changed));
        }
    }

    [Test]
    public async Task Next_and_previous_links_walk_every_item_once_and_back()
    {
        for (var i = 0; i < ItemLimits.DefaultPageSize + 5; i++)
        {
            await CreateAsync($"paged {i}");
        }

        var forward = new List<(string Url, List<string> Ids)>();
        for (var url = "/"; url is not null && forward.Count < 100;)
        {
            var html = await GetHtmlAsync(url);
            forward.Add((url, IdsIn(html)));
            url = LinkIn(html, "next");
        }

        var backward = new List<List<string>>();
        for (var url = LinkIn(await GetHtmlAsync(forward[^1].Url), "prev"); url is not null && backward.Count < 100;)
        {
            var html = await GetHtmlAsync(url);
            backward.Add(IdsIn(html));
            url = LinkIn(html, "prev");
        }

        var all = forward.SelectMany(page => page.Ids).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(forward, Has.Count.GreaterThanOrEqualTo(2));
            Assert.That(all, Is.Unique);
            Assert.That(all, Is.EquivalentTo((await Client.ListAllItemsAsync()).Select(item => item.Id)));
            Assert.That(backward, Is.EqualTo(forward.Take(forward.Count - 1).Reverse().Select(page => page.Ids)), "Previous retraces the pages in reverse.");
        }
    }

    [TestCase("/?cursor=garbage", "cursor")]
    [TestCase("/?trail=AAAA", "trail")]
    [TestCase("/items/not-an-id", "id")]
    [TestCase("/items/not-an-id/delete", "id")]
    public async Task A_link_this_service_did_not_issue_is_400_naming_the_part(string url, string field)
    {
        await (await Client.GetAsync(url)).AssertInvalidFieldAsync(field);
    }

    [Test]
    public async Task An_unknown_item_is_a_404_page()
    {
        var response = await Client.GetAsync($"/items/{ItemId.New()}");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<h1>Item not found</h1>"));
    }

    [Test]
    public async Task The_page_has_no_script_or_inline_style_and_is_sized_for_phones()
    {
        await CreateAsync("styled");

        var page = await GetHtmlAsync("/");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(page, Does.Contain("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
            Assert.That(page, Does.Contain($"<link rel=\"stylesheet\" href=\"{ItemsPage.StylesheetPath}\">"));
            Assert.That(page, Does.Not.Contain("<script").And.Not.Contain("<style").And.Not.Contain(" style="), "Nothing the Content-Security-Policy forbids.");
            Assert.That(page, Does.Not.Match("<[^>]*\\son[a-z]+="), "No event-handler attributes.");
        }
    }

    [TestCase("/", true)]
    [TestCase(ItemsPage.StylesheetPath, true)]
    [TestCase("/api/items", true)]
    [TestCase("/api/items/00000000000000000000000000000001", true)]
    [TestCase("/api/items?limit=0", true)]
    [TestCase("/no/such/route", true)]
    [TestCase("/api/items", false)]
    [TestCase("/healthz", false)]
    public async Task Every_response_carries_the_security_headers(string path, bool authorized)
    {
        using var anonymous = Factory.CreateClient();
        var response = await (authorized ? Client : anonymous).GetAsync(path);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Header(response, "X-Content-Type-Options"), Is.EqualTo("nosniff"));
            Assert.That(Header(response, "Content-Security-Policy"), Is.EqualTo(BrowserSecurity.ContentSecurityPolicy));
            Assert.That(Header(response, "Content-Security-Policy"), Does.Contain("frame-ancestors 'none'").And.Not.Contain("script-src").And.Not.Contain("unsafe"));
            Assert.That(Header(response, "Referrer-Policy"), Is.EqualTo("no-referrer"));
            Assert.That(Header(response, "X-Frame-Options"), Is.EqualTo("DENY"));
            Assert.That(Header(response, "Cache-Control"), Is.EqualTo("no-store"));
        }
    }

    [Test]
    public void The_key_ring_is_not_loaded_at_start_up_but_by_the_first_form()
    {
        var hostedServices = Factory.Services.GetServices<IHostedService>().Select(service => service.GetType().Assembly);

        Assert.That(hostedServices, Has.None.EqualTo(typeof(KeyManagementOptions).Assembly),
            "The framework's key-ring preload runs on the start-up path; the forms load the key ring when first served.");
    }

    [Test]
    public async Task The_stylesheet_is_css()
    {
        var response = await Client.GetAsync(ItemsPage.StylesheetPath);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/css"));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(".notes { white-space: pre-wrap;"));
    }

    private static HttpClient CookielessClient(ServiceFactory factory)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = ServiceFactory.BasicAuth();
        return client;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(", ", values) : null;

    private async Task<Item> CreateAsync(string name) =>
        await (await Client.PostItemAsync(new { name })).ReadJsonAsync<Item>(HttpStatusCode.Created);

    private async Task<Item> GetItemAsync(string id) =>
        await (await Client.GetAsync($"/api/items/{id}")).ReadJsonAsync<Item>(HttpStatusCode.OK);

    private async Task<Item> UpdateThroughApiAsync(string id, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/items/{id}") { Content = System.Net.Http.Json.JsonContent.Create(new { name }) };
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        return await (await Client.SendAsync(request)).ReadJsonAsync<Item>(HttpStatusCode.OK);
    }

    private async Task<string> GetHtmlAsync(string url)
    {
        var response = await Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), html);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        return html;
    }

    /// <summary>Opens <paramref name="url"/> (which sets the antiforgery cookie on the client) and returns the token its form carries.</summary>
    private async Task<string> TokenAsync(string url) => TokenIn(await GetHtmlAsync(url));

    private static string TokenIn(string html) => PageForms.TokenIn(html);

    private Task<HttpResponseMessage> PostFormAsync(string url, string? token, params (string Name, string Value)[] fields)
    {
        var pairs = fields.Select(field => new KeyValuePair<string, string>(field.Name, field.Value)).ToList();
        if (token is not null)
        {
            pairs.Add(new(BrowserSecurity.AntiforgeryFieldName, token));
        }

        return Client.PostAsync(url, new FormUrlEncodedContent(pairs));
    }

    private static List<string> IdsIn(string html) => [.. ItemCode().Matches(html).Select(match => match.Groups[1].Value)];

    private static string? LinkIn(string html, string rel) =>
        Regex.Match(html, $"<a rel=\"{rel}\" href=\"([^\"]+)\"") is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : null;

    [GeneratedRegex("<code>([0-9a-f]{32})</code>")]
    private static partial Regex ItemCode();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Switchyard.Items;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Http;

/// <summary>The HTTP API end to end, through the real service on each real store.</summary>
[TestFixture(ServiceEnvironment.StoreKinds.Postgres)]
[TestFixture(ServiceEnvironment.StoreKinds.DynamoDb)]
public sealed class ItemsHttpTests(string kind)
{
    private IsolatedStore _store = null!;
    private ServiceFactory _factory = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartService()
    {
        _store = await StoreBackend.CreateAsync(kind);
        _factory = new ServiceFactory(ServiceFactory.WithAuth(_store.Environment));
        _client = _factory.CreateAuthorizedClient();
    }

    [OneTimeTearDown]
    public async Task StopService()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task Create_returns_201_with_location_etag_and_the_item()
    {
        var response = await _client.PostItemAsync(new { name = "widget", notes = "blue" });

        var item = await response.ReadJsonAsync<Item>(HttpStatusCode.Created);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.Headers.Location?.ToString(), Is.EqualTo($"/api/items/{item.Id}"));
            Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
            Assert.That(item.Name, Is.EqualTo("widget"));
            Assert.That(item.Notes, Is.EqualTo("blue"));
            Assert.That(item.Version, Is.EqualTo(1));
        }
    }

    [Test]
    public async Task Get_returns_the_item_with_its_etag_and_304_when_it_matches()
    {
        var created = await CreateAsync("fetch me");

        var response = await _client.GetAsync($"/api/items/{created.Id}");
        Assert.That(await response.ReadJsonAsync<Item>(HttpStatusCode.OK), Is.EqualTo(created));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/items/{created.Id}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.That((await _client.SendAsync(conditional)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Get_of_an_unknown_id_is_404_problem()
    {
        var problem = await (await _client.GetAsync($"/api/items/{ItemId.New()}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Item not found"));
    }

    [TestCase("not-an-id")]
    [TestCase("0123456789ABCDEF0123456789ABCDEF")]
    [TestCase("0123456789abcdef0123456789abcdef0")]
    [TestCase("..%2F..%2Fetc%2Fpasswd")]
    public async Task A_malformed_id_is_400_naming_id(string id)
    {
        await (await _client.GetAsync($"/api/items/{id}")).AssertInvalidFieldAsync("id");
        await (await _client.DeleteAsync($"/api/items/{id}")).AssertInvalidFieldAsync("id");
    }

    [Test]
    public async Task Update_with_the_current_etag_returns_200_and_the_next_etag()
    {
        var created = await CreateAsync("v1");

        var response = await PutAsync(created.Id, "\"1\"", new { name = "v2", notes = "changed" });

        var updated = await response.ReadJsonAsync<Item>(HttpStatusCode.OK);
        Assert.That(updated.Version, Is.EqualTo(2));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"2\""));
        Assert.That(await (await _client.GetAsync($"/api/items/{created.Id}")).ReadJsonAsync<Item>(HttpStatusCode.OK), Is.EqualTo(updated));
    }

    [Test]
    public async Task Update_with_stale_etag_returns_412_and_keeps_the_newer_version()
    {
        var created = await CreateAsync("v1");
        await PutAsync(created.Id, "\"1\"", new { name = "v2" });

        await (await PutAsync(created.Id, "\"1\"", new { name = "lost" })).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.That((await (await _client.GetAsync($"/api/items/{created.Id}")).ReadJsonAsync<Item>(HttpStatusCode.OK)).Name, Is.EqualTo("v2"));
    }

    [Test]
    public async Task Update_without_if_match_returns_428_and_changes_nothing()
    {
        var created = await CreateAsync("v1");

        await (await _client.PutAsJsonAsync($"/api/items/{created.Id}", new { name = "blind" })).AssertProblemAsync(HttpStatusCode.PreconditionRequired);

        Assert.That(await (await _client.GetAsync($"/api/items/{created.Id}")).ReadJsonAsync<Item>(HttpStatusCode.OK), Is.EqualTo(created));
    }

    [TestCase("1")]
    [TestCase("W/\"1\"")]
    [TestCase("\"one\"")]
    public async Task Update_with_a_malformed_if_match_is_400_naming_it(string ifMatch)
    {
        var created = await CreateAsync("v1");

        await (await PutAsync(created.Id, ifMatch, new { name = "x" })).AssertInvalidFieldAsync("If-Match");
    }

    [Test]
    public async Task Update_with_if_match_star_replaces_the_current_version()
    {
        var created = await CreateAsync("v1");

        var updated = await (await PutAsync(created.Id, "*", new { name = "any" })).ReadJsonAsync<Item>(HttpStatusCode.OK);

        Assert.That(updated.Version, Is.EqualTo(2));
    }

    [Test]
    public async Task Update_of_an_unknown_id_is_404()
    {
        await (await PutAsync(ItemId.New(), "\"1\"", new { name = "ghost" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_returns_204_and_then_the_item_is_gone()
    {
        var created = await CreateAsync("doomed");

        Assert.That((await _client.DeleteAsync($"/api/items/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await _client.GetAsync($"/api/items/{created.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/api/items/{created.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_with_stale_etag_returns_412_and_keeps_the_item()
    {
        var created = await CreateAsync("kept");
        await PutAsync(created.Id, "\"1\"", new { name = "kept v2" });

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/items/{created.Id}");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await (await _client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.That((await _client.GetAsync($"/api/items/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Paging_with_limit_7_returns_every_created_item_once()
    {
        var created = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            created.Add((await CreateAsync($"page item {i}")).Id);
        }

        var seen = (await _client.ListAllItemsAsync(pageSize: 7)).Select(item => item.Id).ToList();

        Assert.That(seen, Is.Unique);
        Assert.That(seen, Is.SupersetOf(created));
    }

    [TestCase("0")]
    [TestCase("101")]
    [TestCase("-1")]
    [TestCase("ten")]
    [TestCase("99999999999999999999")]
    public async Task A_bad_page_size_is_400_naming_limit(string limit)
    {
        await (await _client.GetAsync($"/api/items?limit={limit}")).AssertInvalidFieldAsync("limit");
    }

    [TestCase("garbage")]
    [TestCase("AAAA")]
    [TestCase("' OR 1=1 --")]
    public async Task A_cursor_this_service_did_not_issue_is_400_naming_cursor(string cursor)
    {
        await (await _client.GetAsync($"/api/items?cursor={Uri.EscapeDataString(cursor)}")).AssertInvalidFieldAsync("cursor");
    }

    [TestCase("{\"name\": ", "name")]
    [TestCase("[1,2,3]", "$")]
    [TestCase("{\"name\": 42}", "name")]
    [TestCase("{\"name\": \"ok\", \"colour\": \"red\"}", "colour")]
    [TestCase("{\"name\": \"ok\", \"id\": \"0123456789abcdef0123456789abcdef\"}", "id")]
    public async Task Malformed_json_or_unknown_fields_are_400_naming_the_field(string json, string field)
    {
        await (await PostRawAsync(json)).AssertInvalidFieldAsync(field);
    }

    [TestCase("{}", "name")]
    [TestCase("{\"name\": \"\"}", "name")]
    [TestCase("{\"name\": \"   \"}", "name")]
    [TestCase("{\"name\": \"tab\\tin name\"}", "name")]
    [TestCase("{\"name\": \"nul\\u0000\"}", "name")]
    [TestCase("{\"name\": \"ok\", \"notes\": \"bell\\u0007\"}", "notes")]
    [TestCase("{\"name\": \"\\ud800\"}", "name")]
    public async Task Invalid_values_are_400_naming_the_field(string json, string field)
    {
        await (await PostRawAsync(json)).AssertInvalidFieldAsync(field);
    }

    [Test]
    public async Task Over_long_name_and_notes_are_400_naming_both()
    {
        var response = await _client.PostItemAsync(new { name = new string('n', ItemLimits.MaxNameLength + 1), notes = new string('x', ItemLimits.MaxNotesLength + 1) });

        await response.AssertInvalidFieldAsync("name");
    }

    [Test]
    public async Task A_body_over_64_KiB_is_413()
    {
        var response = await PostRawAsync($"{{\"name\": \"big\", \"notes\": \"{new string('x', ItemLimits.MaxBodyBytes)}\"}}");

        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [TestCase("text/plain")]
    [TestCase("application/xml")]
    [TestCase("application/json; charset=latin1")]
    public async Task A_body_that_is_not_json_is_415(string contentType)
    {
        using var content = new StringContent("{\"name\": \"typed\"}", Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);

        await (await _client.PostAsync("/api/items", content)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Rejected_requests_store_nothing()
    {
        var marker = $"rejected-{Guid.NewGuid():N}";
        string[] bodies =
        [
            $"{{\"name\": \"{marker}\", \"extra\": 1}}",
            $"{{\"name\": \"{marker}\", \"notes\": \"{new string('x', ItemLimits.MaxNotesLength + 1)}\"}}",
            $"{{\"name\": \"{marker}\"",
            $"{{\"name\": \"{marker}\", \"notes\": \"{new string('x', ItemLimits.MaxBodyBytes)}\"}}",
        ];
        foreach (var body in bodies)
        {
            Assert.That((int)(await PostRawAsync(body)).StatusCode, Is.InRange(400, 499));
        }

        Assert.That((await _client.ListAllItemsAsync()).Select(item => item.Name), Does.Not.Contain(marker));
    }

    [Test]
    public async Task Html_page_lists_items_with_their_text_encoded_across_next_links()
    {
        var marker = Guid.NewGuid().ToString("N");
        await CreateAsync($"<script>alert('{marker}')</script> & co");

        var pages = new List<string>();
        for (var url = "/"; url is not null && pages.Count < 200;)
        {
            var response = await _client.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            var html = await response.Content.ReadAsStringAsync();
            pages.Add(html);
            var next = html.IndexOf("<a href=\"/?cursor=", StringComparison.Ordinal);
            url = next < 0 ? null : html[(next + 9)..html.IndexOf('"', next + 9)];
        }

        var all = string.Concat(pages);
        Assert.That(all, Does.Contain($"&lt;script&gt;alert(&#x27;{marker}&#x27;)&lt;/script&gt; &amp; co"));
        Assert.That(all, Does.Not.Contain("<script>"));
    }

    [Test]
    public async Task Html_page_is_served_on_the_first_page()
    {
        var response = await _client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<h1>Items</h1>"));
    }

    [TestCase("/api/items")]
    [TestCase("/")]
    [TestCase("/openapi/v1.json")]
    public async Task Without_credentials_the_answer_is_401_with_a_basic_challenge(string path)
    {
        using var anonymous = _factory.CreateClient();

        var response = await anonymous.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
    }

    [Test]
    public async Task A_wrong_password_is_401()
    {
        using var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = ServiceFactory.BasicAuth(password: ServiceFactory.Password + "!");

        await (await client.GetAsync("/api/items")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("/healthz")]
    [TestCase("/readyz")]
    public async Task Health_routes_answer_200_without_credentials(string path)
    {
        using var anonymous = _factory.CreateClient();

        Assert.That((await anonymous.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_routes_and_methods_answer_problem_details()
    {
        await (await _client.GetAsync("/no/such/route")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PatchAsync("/api/items", new StringContent("{}"))).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    private async Task<Item> CreateAsync(string name) =>
        await (await _client.PostItemAsync(new { name })).ReadJsonAsync<Item>(HttpStatusCode.Created);

    private Task<HttpResponseMessage> PutAsync(string id, string ifMatch, object body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/items/{id}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostRawAsync(string json) =>
        _client.PostAsync("/api/items", new StringContent(json, Encoding.UTF8, "application/json"));
}

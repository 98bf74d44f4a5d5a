using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Switchyard.Items;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Http;

/// <summary>The HTTP API end to end, through the real service on each real store.</summary>
[TestFixture(ServiceEnvironment.StoreKinds.Postgres)]
[TestFixture(ServiceEnvironment.StoreKinds.DynamoDb)]
public sealed class ItemsHttpTests(string kind) : InProcessServiceFixture(kind)
{
    [Test]
    public async Task Create_returns_201_with_location_etag_and_the_item()
    {
        var response = await Client.PostItemAsync(new { name = "widget", notes = "blue" });

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

        var response = await Client.GetAsync($"/api/items/{created.Id}");
        Assert.That(await response.ReadJsonAsync<Item>(HttpStatusCode.OK), Is.EqualTo(created));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/items/{created.Id}");
        conditional.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"1\""));
        Assert.That((await Client.SendAsync(conditional)).StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
    }

    [Test]
    public async Task Get_of_an_unknown_id_is_404_problem()
    {
        var problem = await (await Client.GetAsync($"/api/items/{ItemId.New()}")).AssertProblemAsync(HttpStatusCode.NotFound);

        Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Item not found"));
    }

    [TestCase("not-an-id")]
    [TestCase("0123456789ABCDEF0123456789ABCDEF")]
    [TestCase("0123456789abcdef0123456789abcdef0")]
    [TestCase("..%2F..%2Fetc%2Fpasswd")]
    public async Task A_malformed_id_is_400_naming_id(string id)
    {
        await (await Client.GetAsync($"/api/items/{id}")).AssertInvalidFieldAsync("id");
        await (await Client.DeleteAsync($"/api/items/{id}")).AssertInvalidFieldAsync("id");
    }

    [Test]
    public async Task Update_with_the_current_etag_returns_200_and_the_next_etag()
    {
        var created = await CreateAsync("v1");

        var response = await PutAsync(created.Id, "\"1\"", new { name = "v2", notes = "changed" });

        var updated = await response.ReadJsonAsync<Item>(HttpStatusCode.OK);
        Assert.That(updated.Version, Is.EqualTo(2));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"2\""));
        Assert.That(await (await Client.GetAsync($"/api/items/{created.Id}")).ReadJsonAsync<Item>(HttpStatusCode.OK), Is.EqualTo(updated));
    }

    [Test]
    public async Task Update_with_stale_etag_returns_412_and_keeps_the_newer_version()
    {
        var created = await CreateAsync("v1");
        await PutAsync(created.Id, "\"1\"", new { name = "v2" });

        await (await PutAsync(created.Id, "\"1\"", new { name = "lost" })).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.That((await (await Client.GetAsync($"/api/items/{created.Id}")).ReadJsonAsync<Item>(HttpStatusCode.OK)).Name, Is.EqualTo("v2"));
    }

    [Test]
    public async Task Update_without_if_match_returns_428_and_changes_nothing()
    {
        var created = await CreateAsync("v1");

        await (await Client.PutAsJsonAsync($"/api/items/{created.Id}", new { name = "blind" })).AssertProblemAsync(HttpStatusCode.PreconditionRequired);

        Assert.That(await (await Client.GetAsync($"/api/items/{created.Id}")).ReadJsonAsync<Item>(HttpStatusCode.OK), Is.EqualTo(created));
    }

    [TestCase("1")]
    [TestCase("\"1")]
    [TestCase("*, \"1\"")]
    [TestCase("\"1\", *")]
    [TestCase("w/\"1\"")]
    [TestCase("W/ \"1\"")]
    [TestCase("\"1\" \"2\"")]
    [TestCase("\"a b\"")]
    public async Task Update_with_an_if_match_that_is_not_an_entity_tag_list_is_400_naming_it(string ifMatch)
    {
        var created = await CreateAsync("v1");

        await (await PutAsync(created.Id, ifMatch, new { name = "x" })).AssertInvalidFieldAsync("If-Match");

        Assert.That(await GetItemAsync(created.Id), Is.EqualTo(created));
    }

    [TestCase("W/\"1\"")]
    [TestCase("\"abc\"")]
    [TestCase("\"01\"")]
    [TestCase("\"2\"")]
    [TestCase("\"0\"")]
    [TestCase("\"\"")]
    [TestCase("\"2\", \"3\"")]
    [TestCase("W/\"1\", \"2\"")]
    [TestCase("")]
    public async Task Update_with_a_well_formed_if_match_that_does_not_match_strongly_is_412_and_changes_nothing(string ifMatch)
    {
        var created = await CreateAsync("v1");

        await (await PutAsync(created.Id, ifMatch, new { name = "x" })).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.That(await GetItemAsync(created.Id), Is.EqualTo(created));
    }

    [TestCase("\"1\", \"2\"")]
    [TestCase("\"7\",\"1\"")]
    [TestCase("W/\"1\", \"1\"")]
    [TestCase(" , \"abc\" ,, \"1\" , ")]
    public async Task Update_with_an_if_match_list_holding_the_current_etag_replaces_it(string ifMatch)
    {
        var created = await CreateAsync("v1");

        var response = await PutAsync(created.Id, ifMatch, new { name = "v2" });

        var updated = await response.ReadJsonAsync<Item>(HttpStatusCode.OK);
        Assert.That(updated.Version, Is.EqualTo(2));
        Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"2\""));
    }

    [Test]
    public async Task If_match_sent_as_several_field_lines_is_one_list()
    {
        var created = await CreateAsync("v1");

        var response = await Factory.SendRawAsync(HttpMethod.Put, $"/api/items/{created.Id}", [("If-Match", "\"5\""), ("If-Match", "\"1\"")], "{\"name\":\"v2\"}");

        Assert.That((await response.ReadJsonAsync<Item>(HttpStatusCode.OK)).Version, Is.EqualTo(2));
    }

    [TestCase("\"abc\"")]
    [TestCase("W/\"1\"")]
    public async Task Update_of_an_unknown_id_with_any_if_match_is_404(string ifMatch)
    {
        await (await PutAsync(ItemId.New(), ifMatch, new { name = "ghost" })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [TestCase("\"1\"", HttpStatusCode.NotModified)]
    [TestCase("W/\"1\"", HttpStatusCode.NotModified)]
    [TestCase("\"5\", W/\"1\"", HttpStatusCode.NotModified)]
    [TestCase("*", HttpStatusCode.NotModified)]
    [TestCase("\"2\"", HttpStatusCode.OK)]
    [TestCase("\"abc\", W/\"01\"", HttpStatusCode.OK)]
    public async Task Get_with_if_none_match_compares_weakly(string ifNoneMatch, HttpStatusCode expected)
    {
        var created = await CreateAsync("cached");

        var response = await SendAsync(HttpMethod.Get, created.Id, ("If-None-Match", ifNoneMatch));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.StatusCode, Is.EqualTo(expected));
            Assert.That(response.Headers.ETag?.Tag, Is.EqualTo("\"1\""));
        }
    }

    [TestCase("1")]
    [TestCase("*, \"1\"")]
    [TestCase("\"1\" W/\"2\"")]
    public async Task Get_with_an_if_none_match_that_is_not_an_entity_tag_list_is_400_naming_it(string ifNoneMatch)
    {
        var created = await CreateAsync("cached");

        await (await SendAsync(HttpMethod.Get, created.Id, ("If-None-Match", ifNoneMatch))).AssertInvalidFieldAsync("If-None-Match");
    }

    [Test]
    public async Task Get_with_an_if_match_that_does_not_match_is_412()
    {
        var created = await CreateAsync("read");

        await (await SendAsync(HttpMethod.Get, created.Id, ("If-Match", "W/\"1\""))).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
    }

    [Test]
    public async Task Update_with_if_none_match_star_is_412_because_the_item_exists()
    {
        var created = await CreateAsync("exists");

        var response = await Factory.SendRawAsync(HttpMethod.Put, $"/api/items/{created.Id}", [("If-Match", "\"1\""), ("If-None-Match", "*")], "{\"name\":\"x\"}");

        await response.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.That(await GetItemAsync(created.Id), Is.EqualTo(created));
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

        Assert.That((await Client.DeleteAsync($"/api/items/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Client.GetAsync($"/api/items/{created.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.DeleteAsync($"/api/items/{created.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_with_stale_etag_returns_412_and_keeps_the_item()
    {
        var created = await CreateAsync("kept");
        await PutAsync(created.Id, "\"1\"", new { name = "kept v2" });

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/items/{created.Id}");
        request.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await (await Client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.That((await Client.GetAsync($"/api/items/{created.Id}")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase("W/\"1\"")]
    [TestCase("\"abc\"")]
    [TestCase("\"2\", \"3\"")]
    public async Task Delete_with_an_if_match_that_does_not_match_strongly_is_412_and_keeps_the_item(string ifMatch)
    {
        var created = await CreateAsync("kept");

        await (await DeleteAsync(created.Id, ifMatch)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.That(await GetItemAsync(created.Id), Is.EqualTo(created));
    }

    [Test]
    public async Task Delete_with_an_if_match_list_holding_the_current_etag_deletes()
    {
        var created = await CreateAsync("doomed");

        Assert.That((await DeleteAsync(created.Id, "\"3\", \"1\"")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        await (await Client.GetAsync($"/api/items/{created.Id}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Test]
    public async Task Delete_with_a_malformed_if_match_is_400_naming_it()
    {
        var created = await CreateAsync("kept");

        await (await DeleteAsync(created.Id, "W/1")).AssertInvalidFieldAsync("If-Match");
    }

    [Test]
    public async Task Paging_with_limit_7_returns_every_created_item_once()
    {
        var created = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            created.Add((await CreateAsync($"page item {i}")).Id);
        }

        var seen = (await Client.ListAllItemsAsync(pageSize: 7)).Select(item => item.Id).ToList();

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
        await (await Client.GetAsync($"/api/items?limit={limit}")).AssertInvalidFieldAsync("limit");
    }

    [TestCase("garbage")]
    [TestCase("AAAA")]
    [TestCase("' OR 1=1 --")]
    public async Task A_cursor_this_service_did_not_issue_is_400_naming_cursor(string cursor)
    {
        await (await Client.GetAsync($"/api/items?cursor={Uri.EscapeDataString(cursor)}")).AssertInvalidFieldAsync("cursor");
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
        var response = await Client.PostItemAsync(new { name = new string('n', ItemLimits.MaxNameLength + 1), notes = new string('x', ItemLimits.MaxNotesLength + 1) });

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

        await (await Client.PostAsync("/api/items", content)).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Test]
    public async Task Rejected_requestsStore_nothing()
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

        Assert.That((await Client.ListAllItemsAsync()).Select(item => item.Name), Does.Not.Contain(marker));
    }

    [Test]
    public async Task Html_page_lists_items_with_their_text_encoded_across_next_links()
    {
        var marker = Guid.NewGuid().ToString("N");
        await CreateAsync($"<script>alert('{marker}')</script> & co");

        var pages = new List<string>();
        for (var url = "/"; url is not null && pages.Count < 200;)
        {
            var response = await Client.GetAsync(url);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            var html = await response.Content.ReadAsStringAsync();
            pages.Add(html);
            const string nextLink = "<a rel=\"next\" href=\"";
            var next = html.IndexOf(nextLink, StringComparison.Ordinal);
            url = next < 0 ? null : WebUtility.HtmlDecode(html[(next + nextLink.Length)..html.IndexOf('"', next + nextLink.Length)]);
        }

        var all = string.Concat(pages);
        Assert.That(all, Does.Contain($"&lt;script&gt;alert(&#x27;{marker}&#x27;)&lt;/script&gt; &amp; co"));
        Assert.That(all, Does.Not.Contain("<script>"));
    }

    [Test]
    public async Task Html_page_is_served_on_the_first_page()
    {
        var response = await Client.GetAsync("/");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<h1>Items</h1>"));
    }

    [TestCase("/api/items")]
    [TestCase("/")]
    [TestCase("/openapi/v1.json")]
    public async Task Without_credentials_the_answer_is_401_with_a_basic_challenge(string path)
    {
        using var anonymous = Factory.CreateClient();

        var response = await anonymous.GetAsync(path);

        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.That(response.Headers.WwwAuthenticate.Single().Scheme, Is.EqualTo("Basic"));
    }

    [Test]
    public async Task A_wrong_password_is_401()
    {
        using var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = ServiceFactory.BasicAuth(password: ServiceFactory.Password + "!");

        await (await client.GetAsync("/api/items")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [TestCase("/healthz")]
    [TestCase("/readyz")]
    public async Task Health_routes_answer_200_without_credentials(string path)
    {
        using var anonymous = Factory.CreateClient();

        Assert.That((await anonymous.GetAsync(path)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Unknown_routes_and_methods_answer_problem_details()
    {
        await (await Client.GetAsync("/no/such/route")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await Client.PatchAsync("/api/items", new StringContent("{}"))).AssertProblemAsync(HttpStatusCode.MethodNotAllowed);
    }

    private async Task<Item> CreateAsync(string name) =>
        await (await Client.PostItemAsync(new { name })).ReadJsonAsync<Item>(HttpStatusCode.Created);

    private Task<HttpResponseMessage> PutAsync(string id, string ifMatch, object body) =>
        Factory.SendRawAsync(HttpMethod.Put, $"/api/items/{id}", [("If-Match", ifMatch)], JsonSerializer.Serialize(body));

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string id, params (string Name, string Value)[] headers) =>
        Factory.SendRawAsync(method, $"/api/items/{id}", headers);

    private async Task<Item> GetItemAsync(string id) =>
        await (await Client.GetAsync($"/api/items/{id}")).ReadJsonAsync<Item>(HttpStatusCode.OK);

    private Task<HttpResponseMessage> DeleteAsync(string id, string ifMatch) => SendAsync(HttpMethod.Delete, id, ("If-Match", ifMatch));

    private Task<HttpResponseMessage> PostRawAsync(string json) =>
        Client.PostAsync("/api/items", new StringContent(json, Encoding.UTF8, "application/json"));
}

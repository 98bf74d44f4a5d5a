using Switchyard.Tests.GeneratedClient;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.ApiContract;

/// <summary>
/// The API through a client nobody here wrote: NSwag generates it from the committed contract at
/// build time. Every call goes through the generated (de)serialisation and status handling, so a
/// document that disagrees with the service fails here, on each store.
/// </summary>
[TestFixture(ServiceEnvironment.StoreKinds.Postgres)]
[TestFixture(ServiceEnvironment.StoreKinds.DynamoDb)]
public sealed class GeneratedClientTests(string kind) : InProcessServiceFixture(kind)
{
    private ItemsApiClient _client = null!;

    // Runs after the base class has started the service.
    [OneTimeSetUp]
    public void CreateClient() => _client = new ItemsApiClient(Client);

    [Test]
    public async Task Create_get_list_update_and_delete_through_the_generated_client()
    {
        var created = await _client.CreateItemAsync(new ItemInput { Name = "widget", Notes = "blue" });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(created.StatusCode, Is.EqualTo(201));
            Assert.That(Header(created, "Location"), Is.EqualTo($"/api/items/{created.Result.Id}"));
            Assert.That(Header(created, "ETag"), Is.EqualTo("\"1\""));
            Assert.That((created.Result.Name, created.Result.Notes, created.Result.Version), Is.EqualTo(("widget", "blue", 1L)));
        }

        var fetched = await _client.GetItemAsync(created.Result.Id, null, null);
        Assert.That((fetched.Result.Id, fetched.Result.Name, fetched.Result.Version, Header(fetched, "ETag")),
            Is.EqualTo((created.Result.Id, "widget", 1L, "\"1\"")));

        var others = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            others.Add((await _client.CreateItemAsync(new ItemInput { Name = $"other {i}" })).Result.Id);
        }

        Assert.That(await ListAllIdsAsync(pageSize: 2), Is.SupersetOf(others.Append(created.Result.Id)).And.Unique);

        var updated = await _client.UpdateItemAsync(created.Result.Id, Header(fetched, "ETag"), new ItemInput { Name = "widget", Notes = "green" });
        using (Assert.EnterMultipleScope())
        {
            Assert.That((updated.Result.Notes, updated.Result.Version), Is.EqualTo(("green", 2L)));
            Assert.That(Header(updated, "ETag"), Is.EqualTo("\"2\""));
        }

        var stale = Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            _client.UpdateItemAsync(created.Result.Id, Header(fetched, "ETag"), new ItemInput { Name = "lost" }));
        Assert.That((stale!.StatusCode, stale.Result.Status, stale.Result.Title), Is.EqualTo((412, 412, "Precondition failed")));
        var staleRead = Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => _client.GetItemAsync(created.Result.Id, null, Header(fetched, "ETag")));
        Assert.That(staleRead!.Result.Status, Is.EqualTo(412), "A read conditional on an old version fails as the document says.");

        var deleted = await _client.DeleteItemAsync(created.Result.Id, Header(updated, "ETag"));
        Assert.That(deleted.StatusCode, Is.EqualTo(204));
        var gone = Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => _client.GetItemAsync(created.Result.Id, null, null));
        Assert.That(gone!.Result.Status, Is.EqualTo(404));
    }

    [Test]
    public void An_invalid_item_is_a_typed_400_problem_naming_the_field()
    {
        var problem = Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() =>
            _client.CreateItemAsync(new ItemInput { Name = new string('n', 201) }));

        Assert.That(problem!.Result.Errors?.Keys, Is.EquivalentTo(new List<string> { "name" }));
    }

    [Test]
    public void A_page_size_out_of_bounds_is_a_typed_400_problem_naming_limit()
    {
        var problem = Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() => _client.ListItemsAsync(101, null));

        Assert.That(problem!.Result.Errors?.Keys, Is.EquivalentTo(new List<string> { "limit" }));
    }

    [Test]
    public void An_update_of_an_unknown_id_is_a_typed_404_problem()
    {
        var problem = Assert.ThrowsAsync<ApiException<ProblemDetails>>(() =>
            _client.UpdateItemAsync(Switchyard.Items.ItemId.New(), "\"1\"", new ItemInput { Name = "ghost" }));

        Assert.That((problem!.StatusCode, problem.Result.Title), Is.EqualTo((404, "Item not found")));
    }

    [Test]
    public void Wrong_credentials_are_a_typed_401_problem()
    {
        using var anonymous = Factory.CreateClient();

        var problem = Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => new ItemsApiClient(anonymous).ListItemsAsync(null, null));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem!.Result.Status, Is.EqualTo(401));
            Assert.That(problem.Headers["WWW-Authenticate"].Single(), Does.StartWith("Basic "));
        }
    }

    /// <summary>Every id the listing gives, following <c>nextCursor</c> from the first page until it is null (at most 1,000 pages).</summary>
    private async Task<List<string>> ListAllIdsAsync(int pageSize)
    {
        var ids = new List<string>();
        string? cursor = null;
        for (var pages = 0; pages < 1_000; pages++)
        {
            var page = (await _client.ListItemsAsync(pageSize, cursor)).Result;
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(pageSize));
            ids.AddRange(page.Items.Select(item => item.Id));
            if ((cursor = page.NextCursor) is null)
            {
                return ids;
            }
        }

        Assert.Fail("The listing did not end within 1,000 pages.");
        return ids;
    }

    private static string Header(SwaggerResponse response, string name) => response.Headers[name].Single();
}

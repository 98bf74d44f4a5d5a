using Switchyard.Items;
using Switchyard.Storage;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Contract;

/// <summary>
/// What every <see cref="IItemStore"/> must do, run against each real store. Every test
/// gets an empty store of its own (a fresh database or table).
/// </summary>
public abstract class ItemStoreContract(string kind)
{
    private IsolatedStore _isolated = null!;

    protected IItemStore Store => _isolated.Store;

    private static CancellationToken None => CancellationToken.None;

    [SetUp]
    public async Task CreateStore() => _isolated = await StoreBackend.CreateAsync(kind);

    [TearDown]
    public async Task DropStore() => await _isolated.DisposeAsync();

    [Test]
    public async Task Create_assigns_a_new_id_and_version_1()
    {
        var item = await Store.CreateAsync(new ItemDraft("first", "some notes"), None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ItemId.IsValid(item.Id), Is.True, item.Id);
            Assert.That(item.Version, Is.EqualTo(1));
            Assert.That(item.Name, Is.EqualTo("first"));
            Assert.That(item.Notes, Is.EqualTo("some notes"));
            Assert.That(item.UpdatedAt, Is.EqualTo(item.CreatedAt));
            Assert.That(item.CreatedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)));
        }
    }

    [Test]
    public async Task Get_returns_exactly_what_create_returned()
    {
        var created = await Store.CreateAsync(new ItemDraft("read me", null), None);

        Assert.That(await Store.GetAsync(created.Id, None), Is.EqualTo(created));
    }

    [Test]
    public async Task Get_of_an_unknown_id_returns_null()
    {
        Assert.That(await Store.GetAsync(ItemId.New(), None), Is.Null);
    }

    [Test]
    public async Task Update_with_the_current_version_replaces_and_increments_the_version()
    {
        var created = await Store.CreateAsync(new ItemDraft("before", "old"), None);

        var result = await Store.UpdateAsync(created.Id, 1, new ItemDraft("after", "new"), None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Status, Is.EqualTo(WriteStatus.Done));
            Assert.That(result.Item!.Version, Is.EqualTo(2));
            Assert.That(result.Item.Name, Is.EqualTo("after"));
            Assert.That(result.Item.Notes, Is.EqualTo("new"));
            Assert.That(result.Item.CreatedAt, Is.EqualTo(created.CreatedAt));
            Assert.That(result.Item.UpdatedAt, Is.GreaterThanOrEqualTo(created.UpdatedAt));
        }

        Assert.That(await Store.GetAsync(created.Id, None), Is.EqualTo(result.Item));
    }

    [Test]
    public async Task Update_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var created = await Store.CreateAsync(new ItemDraft("v1", null), None);
        var second = await Store.UpdateAsync(created.Id, 1, new ItemDraft("v2", null), None);

        var stale = await Store.UpdateAsync(created.Id, 1, new ItemDraft("lost update", null), None);

        Assert.That(stale.Status, Is.EqualTo(WriteStatus.VersionConflict));
        Assert.That(await Store.GetAsync(created.Id, None), Is.EqualTo(second.Item));
    }

    [Test]
    public async Task Update_without_a_version_replaces_whatever_is_there()
    {
        var created = await Store.CreateAsync(new ItemDraft("v1", null), None);
        await Store.UpdateAsync(created.Id, 1, new ItemDraft("v2", null), None);

        var result = await Store.UpdateAsync(created.Id, null, new ItemDraft("v3", null), None);

        Assert.That(result.Item!.Version, Is.EqualTo(3));
        Assert.That((await Store.GetAsync(created.Id, None))!.Name, Is.EqualTo("v3"));
    }

    [Test]
    public async Task Update_of_an_unknown_id_is_not_found_and_creates_nothing()
    {
        var id = ItemId.New();

        var result = await Store.UpdateAsync(id, 1, new ItemDraft("ghost", null), None);

        Assert.That(result.Status, Is.EqualTo(WriteStatus.NotFound));
        Assert.That(await Store.GetAsync(id, None), Is.Null);
    }

    [Test]
    public async Task Update_can_clear_the_notes()
    {
        var created = await Store.CreateAsync(new ItemDraft("noted", "remove me"), None);

        await Store.UpdateAsync(created.Id, 1, new ItemDraft("noted", null), None);

        Assert.That((await Store.GetAsync(created.Id, None))!.Notes, Is.Null);
    }

    [Test]
    public async Task Delete_with_the_current_version_removes_the_item()
    {
        var created = await Store.CreateAsync(new ItemDraft("doomed", null), None);

        var result = await Store.DeleteAsync(created.Id, 1, None);

        Assert.That(result.Status, Is.EqualTo(WriteStatus.Done));
        Assert.That(await Store.GetAsync(created.Id, None), Is.Null);
    }

    [Test]
    public async Task Delete_without_a_version_removes_the_item()
    {
        var created = await Store.CreateAsync(new ItemDraft("doomed", null), None);

        Assert.That((await Store.DeleteAsync(created.Id, null, None)).Status, Is.EqualTo(WriteStatus.Done));
        Assert.That(await Store.GetAsync(created.Id, None), Is.Null);
    }

    [Test]
    public async Task Delete_with_a_stale_version_is_a_conflict_and_keeps_the_item()
    {
        var created = await Store.CreateAsync(new ItemDraft("kept", null), None);
        var updated = await Store.UpdateAsync(created.Id, 1, new ItemDraft("kept v2", null), None);

        var result = await Store.DeleteAsync(created.Id, 1, None);

        Assert.That(result.Status, Is.EqualTo(WriteStatus.VersionConflict));
        Assert.That(await Store.GetAsync(created.Id, None), Is.EqualTo(updated.Item));
    }

    [Test]
    public async Task Delete_of_an_unknown_id_is_not_found()
    {
        Assert.That((await Store.DeleteAsync(ItemId.New(), null, None)).Status, Is.EqualTo(WriteStatus.NotFound));
        Assert.That((await Store.DeleteAsync(ItemId.New(), 4, None)).Status, Is.EqualTo(WriteStatus.NotFound));
    }

    [Test]
    public async Task Listing_an_empty_store_returns_no_items_and_no_cursor()
    {
        var page = await Store.ListAsync(ItemLimits.MaxPageSize, null, None);

        Assert.That(page.Items, Is.Empty);
        Assert.That(page.ContinueAfterId, Is.Null);
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(ItemLimits.MaxPageSize)]
    public async Task A_full_listing_returns_every_item_exactly_once(int pageSize)
    {
        var created = await CreateManyAsync(ItemLimits.MaxPageSize + 23);

        var listed = await ListAllAsync(pageSize);

        Assert.That(listed.Select(item => item.Id), Is.EquivalentTo(created.Select(item => item.Id)));
        Assert.That(listed, Is.EquivalentTo(created), "listed items carry their stored fields");
    }

    [Test]
    public async Task A_page_never_holds_more_items_than_asked()
    {
        await CreateManyAsync(20);

        var page = await Store.ListAsync(7, null, None);

        Assert.That(page.Items, Has.Count.EqualTo(7));
        Assert.That(page.ContinueAfterId, Is.Not.Null);
    }

    [Test]
    public async Task Listing_does_not_repeat_deleted_or_miss_updated_items()
    {
        var created = await CreateManyAsync(12);
        await Store.DeleteAsync(created[3].Id, null, None);
        var updated = (await Store.UpdateAsync(created[5].Id, 1, new ItemDraft("renamed", null), None)).Item!;

        var listed = await ListAllAsync(5);

        Assert.That(listed.Select(item => item.Id), Is.EquivalentTo(created.Where(item => item.Id != created[3].Id).Select(item => item.Id)));
        Assert.That(listed.Single(item => item.Id == updated.Id), Is.EqualTo(updated));
    }

    [TestCase("Grüße, 世界 — مرحبا 🚀 e\u0301")]
    [TestCase("'; DROP TABLE items; --")]
    [TestCase("#name = :name OR attribute_exists(id) $1 %s {{x}}")]
    public async Task Text_is_stored_literally(string text)
    {
        var created = await Store.CreateAsync(new ItemDraft(text, text + "\nsecond line\ttab"), None);

        var read = await Store.GetAsync(created.Id, None);

        Assert.That(read!.Name, Is.EqualTo(text));
        Assert.That(read.Notes, Is.EqualTo(text + "\nsecond line\ttab"));
    }

    [Test]
    public async Task Names_and_notes_of_the_maximum_length_round_trip()
    {
        var name = string.Concat(Enumerable.Repeat("ñ", ItemLimits.MaxNameLength));
        var notes = string.Concat(Enumerable.Repeat("字", ItemLimits.MaxNotesLength));

        var created = await Store.CreateAsync(new ItemDraft(name, notes), None);

        Assert.That(await Store.GetAsync(created.Id, None), Is.EqualTo(created));
    }

    [Test]
    public async Task Concurrent_creates_get_distinct_ids_and_all_are_stored()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Store.CreateAsync(new ItemDraft($"parallel {i}", null), None)));

        Assert.That(created.Select(item => item.Id), Is.Unique);
        Assert.That((await ListAllAsync(ItemLimits.MaxPageSize)).Count, Is.EqualTo(64));
    }

    [Test]
    public async Task Of_concurrent_updates_from_one_version_exactly_one_wins()
    {
        var created = await Store.CreateAsync(new ItemDraft("contended", null), None);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Store.UpdateAsync(created.Id, 1, new ItemDraft($"writer {i}", null), None)));

        Assert.That(results.Count(result => result.Status == WriteStatus.Done), Is.EqualTo(1));
        Assert.That(results.Count(result => result.Status == WriteStatus.VersionConflict), Is.EqualTo(15));
        var final = await Store.GetAsync(created.Id, None);
        Assert.That(final, Is.EqualTo(results.Single(result => result.Status == WriteStatus.Done).Item));
        Assert.That(final!.Version, Is.EqualTo(2));
    }

    private async Task<List<Item>> CreateManyAsync(int count)
    {
        var created = new List<Item>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(16))
        {
            created.AddRange(await Task.WhenAll(chunk.Select(i => Store.CreateAsync(new ItemDraft($"item {i}", i % 2 == 0 ? null : $"notes {i}"), None))));
        }

        return created;
    }

    private async Task<List<Item>> ListAllAsync(int pageSize)
    {
        var all = new List<Item>();
        string? cursor = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var page = await Store.ListAsync(pageSize, cursor, None);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(pageSize));
            all.AddRange(page.Items);
            if ((cursor = page.ContinueAfterId) is null)
            {
                return all;
            }
        }

        throw new AssertionException("The listing did not end within 10,000 pages.");
    }
}

[TestFixture]
public sealed class PostgresItemStoreContract() : ItemStoreContract(ServiceEnvironment.StoreKinds.Postgres);

[TestFixture]
public sealed class DynamoDbItemStoreContract() : ItemStoreContract(ServiceEnvironment.StoreKinds.DynamoDb);

using Switchyard.Items;
using Switchyard.Tests.Infrastructure;
using Switchyard.Tests.Migration;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Contract;

/// <summary>The store switch's ledger on each real store: one lease holder at a time, expiry, completion, and no trace among the items.</summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
public sealed class StoreSwitchLedgerTests(string kind)
{
    private const string Source = "PostgreSQL 10.0.0.1:5432/switchyard";
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private IsolatedStore _store = null!;

    private static CancellationToken None => CancellationToken.None;

    [SetUp]
    public async Task CreateStore() => _store = await StoreBackend.CreateAsync(kind);

    [TearDown]
    public async Task DropStore() => await _store.DisposeAsync();

    [Test]
    public async Task One_copier_holds_the_lease_until_it_expires_and_then_another_takes_it_over()
    {
        var ledger = _store.Ledger;
        var first = await ledger.TryHoldLeaseAsync(Source, "a", Now, Now.AddSeconds(30), 0, None);
        var rival = await ledger.TryHoldLeaseAsync(Source, "b", Now.AddSeconds(10), Now.AddSeconds(40), 0, None);
        var renewed = await ledger.TryHoldLeaseAsync(Source, "a", Now.AddSeconds(10), Now.AddSeconds(40), 1234, None);
        var held = await ledger.ReadAsync(Source, None);
        var takeover = await ledger.TryHoldLeaseAsync(Source, "b", Now.AddSeconds(41), Now.AddSeconds(71), 0, None);
        var lost = await ledger.TryHoldLeaseAsync(Source, "a", Now.AddSeconds(42), Now.AddSeconds(72), 2000, None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((first, rival, renewed, takeover, lost), Is.EqualTo((true, false, true, true, false)));
            Assert.That(held, Is.EqualTo(new Storage.StoreSwitchRecord(Source, "a", Now.AddSeconds(40), 1234, null)));
            Assert.That((await ledger.ReadAsync(Source, None))?.Copier, Is.EqualTo("b"));
            Assert.That(await ledger.ReadAsync("another source", None), Is.Null, "each source has a record of its own");
        }
    }

    [Test]
    public async Task Once_complete_the_lease_can_be_held_by_nobody_and_completion_is_kept()
    {
        var ledger = _store.Ledger;
        await ledger.TryHoldLeaseAsync(Source, "a", Now, Now.AddSeconds(30), 0, None);
        await ledger.MarkCompleteAsync(Source, Now.AddSeconds(5), 10_000, None);
        await ledger.MarkCompleteAsync(Source, Now.AddSeconds(9), 3, None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(await ledger.TryHoldLeaseAsync(Source, "a", Now.AddSeconds(6), Now.AddSeconds(36), 0, None), Is.False);
            Assert.That(await ledger.TryHoldLeaseAsync(Source, "b", Now.AddHours(1), Now.AddHours(2), 0, None), Is.False);
            var record = await ledger.ReadAsync(Source, None);
            Assert.That(record?.CompletedAt, Is.EqualTo(Now.AddSeconds(5)), "the first completion stands");
            Assert.That(record?.Copied, Is.EqualTo(10_000));
        }
    }

    [Test]
    public async Task The_ledgers_records_never_appear_among_the_items()
    {
        var items = MigrationItems.Make(5);
        await MigrationItems.SeedAsync(_store, items);
        await _store.Ledger.TryHoldLeaseAsync(Source, "a", Now, Now.AddSeconds(30), 0, None);
        await _store.Ledger.TryHoldLeaseAsync("DynamoDB table old-items", "a", Now, Now.AddSeconds(30), 0, None);

        // Pages of one and two items put the page boundary on and around the records.
        var byOne = await ListAllAsync(1);
        var byTwo = await ListAllAsync(2);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(byOne, Is.EquivalentTo(items));
            Assert.That(byTwo, Is.EquivalentTo(items));
            Assert.That((await MigrationItems.ReadAllAsync(_store)).Values, Is.EquivalentTo(items));
        }
    }

    private async Task<List<Item>> ListAllAsync(int limit)
    {
        var all = new List<Item>();
        string? cursor = null;
        for (var pages = 0; pages < 100; pages++)
        {
            var page = await _store.Store.ListAsync(limit, cursor, None);
            Assert.That(page.Items, Has.Count.LessThanOrEqualTo(limit));
            if (page.ContinueAfterId is { } next)
            {
                Assert.That(ItemId.IsValid(next), Is.True, $"every cursor is an item id ({next})");
            }

            all.AddRange(page.Items);
            if ((cursor = page.ContinueAfterId) is null)
            {
                return all;
            }
        }

        throw new AssertionException("The listing did not end within 100 pages.");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Switchyard.Items;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Migration;

/// <summary>
/// The service during and after a store switch, through HTTP, both ways. While the copy is not
/// complete (here: the copier's lease is held by an instance that does not copy), reads come from the
/// source and writes answer 503 and change nothing; once it is complete, the target serves everything.
/// </summary>
[TestFixture(StoreKinds.Postgres, StoreKinds.DynamoDb)]
[TestFixture(StoreKinds.DynamoDb, StoreKinds.Postgres)]
[NonParallelizable]
public sealed class StoreSwitchTests(string sourceKind, string targetKind)
{
    private const int Count = 30;
    private const string OtherCopier = "an instance that never copies";

    private IsolatedStore _source = null!;
    private IsolatedStore _target = null!;
    private List<Item> _items = null!;

    [SetUp]
    public async Task CreateStores()
    {
        _items = MigrationItems.Make(Count);
        _source = await StoreBackend.CreateAsync(sourceKind);
        _target = await StoreBackend.CreateAsync(targetKind);
        await MigrationItems.SeedAsync(_source, _items);
    }

    [TearDown]
    public async Task DropStores()
    {
        await _source.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Test]
    public async Task During_the_copy_reads_come_from_the_source_and_writes_answer_503_changing_neither_store()
    {
        await HoldLeaseElsewhereAsync(TimeSpan.FromMinutes(10));
        await using var factory = new ServiceFactory(ServiceFactory.WithAuth(MigrationItems.SwitchEnvironment(_source, _target)));
        using var client = factory.CreateAuthorizedClient();
        var known = _items[7];

        var listed = await client.ListAllItemsAsync(pageSize: 7);
        var got = await client.GetAsync($"/api/items/{known.Id}");
        var page = await client.GetStringAsync("/");
        var ready = await client.GetAsync("/readyz");
        var writes = new[]
        {
            await client.PostItemAsync(new { name = "new during the copy" }),
            await client.SendAsync(Put(known.Id, known.Version)),
            await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/api/items/{known.Id}")),
        };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed, Is.EquivalentTo(_items), "the listing is the source's");
            Assert.That(await got.ReadJsonAsync<Item>(HttpStatusCode.OK), Is.EqualTo(known), "GET by id reads the source");
            Assert.That(page, Does.Contain($"<code>{known.Id}</code>"), "the page lists the source's items");
            Assert.That(ready.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the instance serves reads, so it stays ready");
            var status = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
            Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("copying"));
            Assert.That(status.GetProperty("copier").GetString(), Is.EqualTo("another instance"));
            foreach (var write in writes)
            {
                var problem = await write.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
                Assert.That(problem.GetProperty("title").GetString(), Is.EqualTo("Store switch in progress"));
                Assert.That(write.Headers.RetryAfter?.Delta, Is.EqualTo(TimeSpan.FromSeconds(1)), "Retry-After is the poll interval");
            }

            await MigrationItems.AssertHoldsExactlyAsync(_source, _items);
            await MigrationItems.AssertHoldsExactlyAsync(_target, []);
        }
    }

    [Test]
    public async Task Once_the_copy_is_complete_the_target_serves_reads_and_writes_and_the_source_is_left_unchanged()
    {
        // A copier that died: its lease has run out, so this instance takes over.
        await HoldLeaseElsewhereAsync(TimeSpan.FromSeconds(-1));
        await using var factory = new ServiceFactory(ServiceFactory.WithAuth(MigrationItems.SwitchEnvironment(_source, _target)));
        using var client = factory.CreateAuthorizedClient();
        await MigrationItems.WaitUntilSwitchedAsync(client, TimeSpan.FromSeconds(60));
        var known = _items[3];

        var created = await client.PostItemAsync(new { name = "after the copy" });
        var updated = await client.SendAsync(Put(known.Id, known.Version));
        var listed = await client.ListAllItemsAsync(pageSize: 4);
        var page = await client.GetStringAsync("/");
        var record = await _target.Ledger.ReadAsync(MigrationSourceDescription(), CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            var item = await created.ReadJsonAsync<Item>(HttpStatusCode.Created);
            Assert.That((await updated.ReadJsonAsync<Item>(HttpStatusCode.OK)).Version, Is.EqualTo(known.Version + 1));
            Assert.That(listed.Select(i => i.Id), Is.EquivalentTo(_items.Select(i => i.Id).Append(item.Id)),
                "the listing is the target's: the copied items and the new one, no internal record");
            Assert.That(page, Does.Not.Contain("switchyard/").And.Not.Contain(OtherCopier), "the page shows no internal record");
            Assert.That(record, Is.Not.Null.And.Property(nameof(Storage.StoreSwitchRecord.IsComplete)).True);
            Assert.That(record!.Copied, Is.EqualTo(Count));
            await MigrationItems.AssertHoldsExactlyAsync(_source, _items);
            Assert.That(await _target.Store.GetAsync(item.Id, CancellationToken.None), Is.EqualTo(item), "the new item is in the target");
        }
    }

    [Test]
    public async Task Until_its_settle_time_has_passed_an_instance_serves_reads_from_the_source_and_copies_nothing()
    {
        var environment = MigrationItems.SwitchEnvironment(_source, _target);
        environment["Migration__SettleSeconds"] = "600";
        await using var factory = new ServiceFactory(ServiceFactory.WithAuth(environment));
        using var client = factory.CreateAuthorizedClient();

        // Three polls of the ledger: a copier would have started by now.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var listed = await client.ListAllItemsAsync();
        var status = JsonDocument.Parse(await client.GetStringAsync("/readyz")).RootElement;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(listed, Is.EquivalentTo(_items));
            Assert.That(status.GetProperty("state").GetString(), Is.EqualTo("copying"));
            Assert.That(status.GetProperty("copier").ValueKind, Is.EqualTo(JsonValueKind.Null), "nobody copies yet");
            Assert.That(await _target.Ledger.ReadAsync(MigrationSourceDescription(), CancellationToken.None), Is.Null, "no lease taken");
            await MigrationItems.AssertHoldsExactlyAsync(_target, []);
        }
    }

    private async Task HoldLeaseElsewhereAsync(TimeSpan lease)
    {
        var now = DateTimeOffset.UtcNow;
        Assert.That(await _target.Ledger.TryHoldLeaseAsync(MigrationSourceDescription(), OtherCopier, now, now + lease, 0, CancellationToken.None), Is.True);
    }

    /// <summary>How the service names its source in the ledger.</summary>
    private string MigrationSourceDescription() => MigrationItems.LedgerName(_source, sourceKind);

    private static HttpRequestMessage Put(string id, long version) => new(HttpMethod.Put, $"/api/items/{id}")
    {
        Content = JsonContent.Create(new { name = "renamed", notes = "changed" }),
        Headers = { IfMatch = { new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\"") } },
    };
}

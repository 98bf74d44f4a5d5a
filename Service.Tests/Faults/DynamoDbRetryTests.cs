using Microsoft.Extensions.Options;
using Switchyard.Items;
using Switchyard.Storage;
using Switchyard.Storage.DynamoDb;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Faults;

/// <summary>
/// The AWS SDK retries a call that timed out. When the first attempt had reached DynamoDB,
/// the retry fails its own condition; the store must still report the write it made as done,
/// not as a conflict the client would wrongly retry or give up on.
/// </summary>
[Category("Faults")]
public sealed class DynamoDbRetryTests
{
    private static readonly TimeSpan SdkTimeout = TimeSpan.FromMilliseconds(500);

    private SlowResponseProxy _proxy = null!;
    private DynamoDbLocalServer _server = null!;
    private string _table = null!;
    private DynamoDbItemStore _store = null!;
    private Amazon.DynamoDBv2.AmazonDynamoDBClient _client = null!;

    [SetUp]
    public async Task ConnectThroughASlowNetwork()
    {
        _server = await TestServers.DynamoDb;
        _table = await _server.CreateTableAsync("retry");
        _proxy = new SlowResponseProxy(_server.Url);
        var options = new DynamoDbOptions { TableName = _table, ServiceUrl = _proxy.Url, TimeoutMilliseconds = (int)SdkTimeout.TotalMilliseconds, MaxErrorRetry = 1 };
        _client = DynamoDbRegistration.CreateClient(options);
        _store = new DynamoDbItemStore(_client, Options.Create(options), TimeProvider.System);
    }

    [TearDown]
    public async Task Disconnect()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _server.DeleteTableAsync(_table);
    }

    [Test]
    public async Task A_create_retried_after_it_landed_is_reported_as_created()
    {
        _proxy.DelayNextResponse(SdkTimeout * 3);

        var created = await _store.CreateAsync(new ItemDraft("landed once", null), CancellationToken.None);

        Assert.That(await _store.GetAsync(created.Id, CancellationToken.None), Is.EqualTo(created));
        Assert.That((await _store.ListAsync(10, null, CancellationToken.None)).Items, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_update_retried_after_it_landed_is_reported_as_done_not_as_a_conflict()
    {
        var created = await _store.CreateAsync(new ItemDraft("v1", null), CancellationToken.None);
        _proxy.DelayNextResponse(SdkTimeout * 3);

        var result = await _store.UpdateAsync(created.Id, 1, new ItemDraft("v2", "applied once"), CancellationToken.None);

        Assert.That(result.Status, Is.EqualTo(WriteStatus.Done));
        Assert.That(result.Item!.Version, Is.EqualTo(2));
        Assert.That(await _store.GetAsync(created.Id, CancellationToken.None), Is.EqualTo(result.Item));
    }

    [Test]
    public async Task A_stale_update_is_still_a_conflict()
    {
        var created = await _store.CreateAsync(new ItemDraft("v1", null), CancellationToken.None);
        await _store.UpdateAsync(created.Id, 1, new ItemDraft("v2", null), CancellationToken.None);

        var stale = await _store.UpdateAsync(created.Id, 1, new ItemDraft("v2", null), CancellationToken.None);

        Assert.That(stale.Status, Is.EqualTo(WriteStatus.VersionConflict));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchyard.Storage;
using Switchyard.Storage.DynamoDb;
using Switchyard.Storage.Postgres;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Infrastructure;

/// <summary>A store of the test's own (a fresh database or table), and the contract variables that point the service at it.</summary>
public sealed class IsolatedStore(IItemStore store, IStoreSwitchLedger ledger, IReadOnlyDictionary<string, string> environment, Func<ValueTask> cleanup)
    : IAsyncDisposable
{
    public IItemStore Store { get; } = store;

    /// <summary>The store's put-if-absent write, which every store implements beside <see cref="IItemStore"/>.</summary>
    public IItemImport Import => (IItemImport)Store;

    /// <summary>The store switch's records in this store.</summary>
    public IStoreSwitchLedger Ledger { get; } = ledger;

    /// <summary>Contract variable name → value, as a deployment would set them.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    public ValueTask DisposeAsync() => cleanup();
}

/// <summary>The two real backends behind one face, so every suite runs once per store.</summary>
public static class StoreBackend
{
    public static Task<IsolatedStore> CreateAsync(string kind) => kind switch
    {
        StoreKinds.Postgres => CreatePostgresAsync(),
        StoreKinds.DynamoDb => CreateDynamoDbAsync(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Postgres or DynamoDb"),
    };

    public static async Task<IsolatedStore> CreatePostgresAsync(PostgresServer? server = null)
    {
        server ??= await TestServers.Postgres;
        var database = await server.CreateDatabaseAsync();
        var dataSource = PostgresRegistration.CreateDataSource(server.Options(database));
        await new PostgresMigrator(dataSource, NullLogger<PostgresMigrator>.Instance).MigrateAsync(CancellationToken.None);
        var environment = server.EnvironmentFor(database);
        return new IsolatedStore(new PostgresItemStore(dataSource, TimeProvider.System), new PostgresStoreSwitchLedger(dataSource), environment, async () =>
        {
            await dataSource.DisposeAsync();
            await server.DropDatabaseAsync(database);
        });
    }

    public static async Task<IsolatedStore> CreateDynamoDbAsync(DynamoDbLocalServer? server = null)
    {
        server ??= await TestServers.DynamoDb;
        var table = await server.CreateTableAsync();
        var options = Options.Create(new DynamoDbOptions { TableName = table, ServiceUrl = server.Url });
        var environment = DynamoDbEnvironment(server, table);
        return new IsolatedStore(new DynamoDbItemStore(server.Client, options, TimeProvider.System), new DynamoDbStoreSwitchLedger(server.Client, options), environment, async () =>
        {
            await server.DeleteTableAsync(table);
        });
    }

    /// <summary>The service's environment for <paramref name="table"/> on <paramref name="server"/>; the table need not exist.</summary>
    public static Dictionary<string, string> DynamoDbEnvironment(DynamoDbLocalServer server, string table) => new()
    {
        [StoreKind] = StoreKinds.DynamoDb,
        [DynamoDbTableName] = table,
        [DynamoDbServiceUrl] = server.Url.ToString(),
        [AwsRegion] = "us-east-1",
    };
}

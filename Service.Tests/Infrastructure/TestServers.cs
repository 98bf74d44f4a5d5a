namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// The suite's two real stores, each started the first time a test needs it and stopped once
/// every test has run. A store that cannot start fails the tests that need it, with its reason.
/// </summary>
public static class TestServers
{
    private static readonly Lazy<Task<PostgresServer>> LazyPostgres = new(PostgresServer.StartAsync);
    private static readonly Lazy<Task<DynamoDbLocalServer>> LazyDynamoDb = new(() => DynamoDbLocalServer.StartAsync());

    public static Task<PostgresServer> Postgres => LazyPostgres.Value;

    public static Task<DynamoDbLocalServer> DynamoDb => LazyDynamoDb.Value;

    internal static async Task StopAsync()
    {
        if (LazyPostgres.IsValueCreated && LazyPostgres.Value.IsCompletedSuccessfully)
        {
            await LazyPostgres.Value.Result.DisposeAsync();
        }

        if (LazyDynamoDb.IsValueCreated && LazyDynamoDb.Value.IsCompletedSuccessfully)
        {
            await LazyDynamoDb.Value.Result.DisposeAsync();
        }
    }
}

using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// A store server owned by one test, so the test may crash and restart it without touching
/// the suite's shared servers: a PostgreSQL of its own, or a DynamoDB Local keeping its
/// tables on disk (-dbPath) so they survive the restart.
/// </summary>
internal sealed class CrashableStore : IAsyncDisposable
{
    private readonly PostgresServer? _postgres;
    private readonly DynamoDbLocalServer? _dynamoDb;

    private CrashableStore(PostgresServer? postgres, DynamoDbLocalServer? dynamoDb, IsolatedStore isolated)
    {
        _postgres = postgres;
        _dynamoDb = dynamoDb;
        Isolated = isolated;
    }

    public IsolatedStore Isolated { get; }

    public static async Task<CrashableStore> StartAsync(string kind)
    {
        if (kind == StoreKinds.Postgres)
        {
            var server = await PostgresServer.StartAsync();
            var isolated = await StoreBackend.CreatePostgresAsync(server);
            var database = isolated.Environment[PostgresDatabase];

            // The suite's servers trade durability for speed (synchronous_commit=off), so a crash may lose
            // the last commits. RDS commits synchronously; this database does too, for the service's sessions.
            await using var admin = server.DataSource("postgres");
            await using var durable = admin.CreateCommand($"ALTER DATABASE \"{database}\" SET synchronous_commit = on");
            await durable.ExecuteNonQueryAsync();
            return new CrashableStore(server, null, isolated);
        }

        var dynamoDb = await DynamoDbLocalServer.StartAsync(persistent: true);
        return new CrashableStore(null, dynamoDb, await StoreBackend.CreateDynamoDbAsync(dynamoDb));
    }

    /// <summary>Stops the store as a crash would: PostgreSQL's immediate shutdown, or SIGKILL for DynamoDB Local.</summary>
    public Task CrashAsync() => _postgres is not null ? _postgres.StopAsync("immediate") : _dynamoDb!.KillAsync();

    /// <summary>Starts the store again on the same port and data; returns once it accepts requests.</summary>
    public Task RestartAsync() => _postgres is not null ? _postgres.StartServerAsync() : _dynamoDb!.StartServerAsync();

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Isolated.DisposeAsync();
        }
        finally
        {
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }

            if (_dynamoDb is not null)
            {
                await _dynamoDb.DisposeAsync();
            }
        }
    }
}

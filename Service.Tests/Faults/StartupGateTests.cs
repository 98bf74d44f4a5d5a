using System.Net;
using Npgsql;
using Switchyard.Storage.Postgres;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Faults;

/// <summary>
/// The store's start-up work runs while the web server starts: the published service listens (and
/// answers liveness) while its migrations wait, and every other request waits for them instead of
/// reaching a store without its schema. Waiting for another instance's migrations is a wait, not an
/// outage: it outlasts a request's command timeout without a retry.
/// </summary>
[Category("Faults")]
[NonParallelizable]
public sealed class StartupGateTests
{
    /// <summary>Longer than a request's command timeout (Store__Postgres__CommandTimeoutSeconds, 3 s).</summary>
    private static readonly TimeSpan LockHeld = TimeSpan.FromSeconds(5);

    [Test]
    public async Task Requests_arriving_while_migrations_wait_are_held_until_the_schema_is_there_and_liveness_answers_meanwhile()
    {
        var server = await TestServers.Postgres;
        var database = await server.CreateDatabaseAsync("gate");
        try
        {
            // Another instance migrating, as far as this one can tell: it holds the migration lock.
            await using var dataSource = server.DataSource(database);
            await using var holder = await dataSource.OpenConnectionAsync();
            await using var migrating = await holder.BeginTransactionAsync();
            await using (var take = new NpgsqlCommand(PostgresSql.LockMigrations, holder, migrating))
            {
                take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = PostgresSql.MigrationLockId });
                await take.ExecuteNonQueryAsync();
            }

            await using var service = await PublishedService.StartAsync(server.EnvironmentFor(database), readyPath: null);
            await service.WaitUntilAsync(ServiceEnvironment.LivenessPath, TimeSpan.FromSeconds(60));
            using var client = FaultHttp.AuthorizedClient(service, TimeSpan.FromSeconds(60));

            var create = FaultHttp.CreateAsync(client, "made while migrating");
            var ready = client.GetAsync(Switchyard.Hosting.HealthApi.ReadinessPath);
            await Task.Delay(LockHeld);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(create.IsCompleted, Is.False, "a write waits for the migrations instead of meeting a database without its table");
                Assert.That(ready.IsCompleted, Is.False, "/readyz waits too");
                Assert.That(await TableExistsAsync(dataSource), Is.False, "the migrations are still waiting for the lock");
                Assert.That(service.OutputLines, Has.Some.Contains("Another instance is applying migrations"), "the wait is said in the log");
                Assert.That(service.OutputLines, Has.None.Contains("not reachable"), "the wait for the lock is not cut at the request timeout and retried as an outage");
            }

            await migrating.RollbackAsync();

            var (status, id) = await create;
            using var readiness = await ready;
            using var read = await client.GetAsync($"/api/items/{id}");
            using (Assert.EnterMultipleScope())
            {
                Assert.That(status, Is.EqualTo(HttpStatusCode.Created), service.Tail());
                Assert.That(readiness.StatusCode, Is.EqualTo(HttpStatusCode.OK));
                Assert.That(read.StatusCode, Is.EqualTo(HttpStatusCode.OK), "the write held at the gate is stored");
                Assert.That(service.HasExited, Is.False);
            }
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    private static async Task<bool> TableExistsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT to_regclass('items') IS NOT NULL");
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}

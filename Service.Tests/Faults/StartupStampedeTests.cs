using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2;
using Switchyard.Storage.Postgres;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// Eight instances of the published service started at the same moment on an empty store, as a
/// deployment that scales out at once does: the schema (PostgreSQL migrations) or the table
/// (DynamoDB Local, where the service creates it for local runs) is set up once and all eight get ready.
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Faults")]
[NonParallelizable]
public sealed class StartupStampedeTests(string kind)
{
    private const int Instances = 8;

    [Test]
    public async Task Eight_instances_starting_together_on_an_empty_store_set_it_up_once_and_all_get_ready()
    {
        var (environment, cleanup) = kind == StoreKinds.Postgres ? await EmptyPostgresAsync() : await MissingDynamoDbTableAsync();
        var instances = new List<PublishedService>();
        try
        {
            var watch = Stopwatch.StartNew();
            foreach (var _ in Enumerable.Range(0, Instances))
            {
                instances.Add(await PublishedService.StartAsync(environment, readyPath: null));
            }

            var readyAfter = await Task.WhenAll(instances.Select(async instance =>
            {
                await instance.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(90));
                return watch.Elapsed;
            }));
            using var clients = new DisposableList<HttpClient>(instances.Select(instance => FaultHttp.AuthorizedClient(instance)));
            var created = await Task.WhenAll(clients.Items.Select((client, n) => CreateWithRetryAsync(client, $"instance {n}")));
            var setUpBy = instances.Count(instance => instance.OutputLines.Any(IsSetUpLine));
            var setUp = await cleanup.CountSetUpAsync();
            var retries = instances.Sum(instance => instance.OutputLines.Count(line => line.Contains("retrying", StringComparison.Ordinal)));

            Figures.Print($"{Instances} instances started together; all ready {readyAfter.Max().TotalSeconds:F1} s after the first start " +
                $"(first {readyAfter.Min().TotalSeconds:F1} s); {setUp}; instances that logged doing it: {setUpBy}; start-up retries logged: {retries}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(readyAfter, Has.Length.EqualTo(Instances), "All eight answer /readyz 200.");
                Assert.That(created.Select(c => c.Status), Is.All.EqualTo(System.Net.HttpStatusCode.Created), "Every instance serves writes.");
                if (kind == StoreKinds.Postgres)
                {
                    // DynamoDB cannot tell: a CreateTable retried after a timeout meets its own table and is not logged.
                    Assert.That(setUpBy, Is.EqualTo(1), "Exactly one instance applied the migrations.");
                }

                Assert.That(await cleanup.IsSetUpOnceAsync(), Is.True, setUp);
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }

            await cleanup.DisposeAsync();
        }
    }

    /// <summary>A create as a client honouring Retry-After sends it: eight fresh instances on two cores may overload the store for a moment.</summary>
    private static async Task<(System.Net.HttpStatusCode Status, string? Id)> CreateWithRetryAsync(HttpClient client, string name)
    {
        var result = (Status: System.Net.HttpStatusCode.ServiceUnavailable, Id: (string?)null);
        for (var bound = new Bound(5, TimeSpan.FromSeconds(30)); result.Status == System.Net.HttpStatusCode.ServiceUnavailable && bound.Next();)
        {
            result = await FaultHttp.CreateAsync(client, name);
            if (result.Status == System.Net.HttpStatusCode.ServiceUnavailable)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }

        return result;
    }

    private bool IsSetUpLine(string line) => kind == StoreKinds.Postgres
        ? line.Contains("Applied migrations", StringComparison.Ordinal)
        : line.Contains("Created DynamoDB table", StringComparison.Ordinal);

    private static async Task<(Dictionary<string, string>, EmptyStore)> EmptyPostgresAsync()
    {
        var server = await TestServers.Postgres;
        var database = await server.CreateDatabaseAsync("stampede");
        var environment = server.EnvironmentFor(database, maxPoolSize: 10);
        return (environment, new EmptyStore(
            async () =>
            {
                await using var dataSource = server.DataSource(database);
                await using var command = dataSource.CreateCommand("SELECT id, count(*) FROM schema_migrations GROUP BY id ORDER BY id");
                await using var reader = await command.ExecuteReaderAsync();
                var rows = new List<(string Id, long Count)>();
                while (await reader.ReadAsync())
                {
                    rows.Add((reader.GetString(0), reader.GetInt64(1)));
                }

                var expected = PostgresMigrator.Embedded.Select(m => m.Id).ToList();
                var text = $"schema_migrations: {string.Join(", ", rows.Select(r => $"{r.Id}×{r.Count}"))} (embedded: {string.Join(", ", expected)})";
                return (rows.Select(r => r.Id).SequenceEqual(expected) && rows.All(r => r.Count == 1), text);
            },
            () => server.DropDatabaseAsync(database)));
    }

    private static async Task<(Dictionary<string, string>, EmptyStore)> MissingDynamoDbTableAsync()
    {
        var server = await TestServers.DynamoDb;
        var table = $"stampede-{Guid.NewGuid():N}";
        var environment = StoreBackend.DynamoDbEnvironment(server, table);
        environment["Store__DynamoDb__CreateTable"] = "true";
        return (environment, new EmptyStore(
            async () =>
            {
                var description = await server.Client.DescribeTableAsync(table);
                return (description.Table.TableStatus == TableStatus.ACTIVE, $"table {table}: {description.Table.TableStatus}");
            },
            () => server.DeleteTableAsync(table)));
    }

    /// <summary>How to check that the store was set up exactly once, and how to drop it afterwards.</summary>
    private sealed class EmptyStore(Func<Task<(bool Once, string Text)>> check, Func<Task> drop) : IAsyncDisposable
    {
        public async Task<string> CountSetUpAsync() => (await check()).Text;

        public async Task<bool> IsSetUpOnceAsync() => (await check()).Once;

        public async ValueTask DisposeAsync() => await drop();
    }

    private sealed class DisposableList<T>(IEnumerable<T> items) : IDisposable
        where T : IDisposable
    {
        public List<T> Items { get; } = [.. items];

        public void Dispose() => Items.ForEach(item => item.Dispose());
    }
}

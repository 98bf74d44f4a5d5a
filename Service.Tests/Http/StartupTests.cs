using System.Net;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Http;

/// <summary>Bad configuration stops start-up with a message that names the variable at fault, and never repeats a secret.</summary>
public sealed class StartupTests
{
    [Test]
    public async Task Missing_credentials_outside_Development_stop_startup_naming_both_variables()
    {
        await using var store = await StoreBackend.CreateDynamoDbAsync();

        var environment = new Dictionary<string, string>(store.Environment) { [AuthUsername] = "", [AuthPassword] = "" };

        var message = await StartupFailureAsync(environment);

        Assert.That(message, Does.Contain(AuthUsername).And.Contain(AuthPassword));
    }

    [Test]
    public async Task In_Development_the_service_runs_without_credentials()
    {
        await using var store = await StoreBackend.CreateDynamoDbAsync();
        await using var factory = new ServiceFactory(store.Environment, "Development");

        var response = await factory.CreateClient().GetAsync("/api/items");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [TestCase(null)]
    [TestCase("Mongo")]
    public async Task An_unknown_store_kind_stops_startup_listing_the_allowed_kinds(string? kind)
    {
        var environment = new Dictionary<string, string>();
        if (kind is not null)
        {
            environment[StoreKind] = kind;
        }

        var message = await StartupFailureAsync(environment);

        Assert.That(message, Does.Contain(StoreKind).And.Contain("Postgres").And.Contain("DynamoDb"));
    }

    [Test]
    public async Task Malformed_postgres_credentials_stop_startup_without_repeating_them()
    {
        await using var store = await StoreBackend.CreatePostgresAsync();
        var environment = new Dictionary<string, string>(store.Environment);
        environment[PostgresCredentials] = """{"username":"switchyard","password":"s3cret-do-not-print""";

        var message = await StartupFailureAsync(environment);

        Assert.That(message, Does.Contain(PostgresCredentials).And.Not.Contain("s3cret-do-not-print"));
    }

    [Test]
    public async Task Missing_postgres_credentials_stop_startup_naming_the_variable()
    {
        await using var store = await StoreBackend.CreatePostgresAsync();
        var environment = new Dictionary<string, string>(store.Environment);
        environment.Remove(PostgresCredentials);

        Assert.That(await StartupFailureAsync(environment), Does.Contain($"{PostgresCredentials} is required"));
    }

    [Test]
    public async Task A_missing_table_name_stops_startup_naming_the_variable()
    {
        await using var store = await StoreBackend.CreateDynamoDbAsync();
        var environment = new Dictionary<string, string>(store.Environment);
        environment.Remove(DynamoDbTableName);

        Assert.That(await StartupFailureAsync(environment), Does.Contain(DynamoDbTableName));
    }

    [Test]
    public async Task A_wrong_database_password_stops_startup_at_once()
    {
        await using var store = await StoreBackend.CreatePostgresAsync();
        var environment = new Dictionary<string, string>(store.Environment);
        environment[PostgresCredentials] = """{"username":"switchyard","password":"wrong"}""";

        var started = DateTime.UtcNow;
        var message = await StartupFailureAsync(environment);

        Assert.That(message, Does.Contain("password authentication failed"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(30)), "not retried as if the database were down");
    }

    [TestCase("Mongo", MigrationSourceKind)]
    [TestCase("Postgres", "Migration__Source__Postgres__Credentials")]
    [TestCase("DynamoDb", "Migration__Source__DynamoDb__TableName")]
    public async Task A_bad_store_switch_source_stops_startup_naming_its_variable(string kind, string variable)
    {
        await using var store = await StoreBackend.CreateDynamoDbAsync();
        var environment = new Dictionary<string, string>(store.Environment) { [MigrationSourceKind] = kind };

        var message = await StartupFailureAsync(environment);

        Assert.That(message, Does.Contain(variable).And.Not.Contain("Store__Postgres__Credentials is required"));
    }

    [Test]
    public async Task A_DynamoDB_table_that_does_not_answer_at_startup_does_not_stop_the_service_and_readiness_follows_it()
    {
        var server = await TestServers.DynamoDb;
        var table = $"later-{Guid.NewGuid():N}";
        await using var service = await PublishedService.StartAsync(StoreBackend.DynamoDbEnvironment(server, table), readyPath: LivenessPath);
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        var created = false;
        try
        {
            // The start-up read is done before any request but liveness passes the gate.
            using (var notReady = await client.GetAsync("/readyz"))
            {
                Assert.That(notReady.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            }

            await server.CreateTableNamedAsync(table);
            created = true;
            await service.WaitUntilAsync("/readyz", TimeSpan.FromSeconds(30));
            Assert.That(service.HasExited, Is.False);
            Assert.That(service.OutputLines, Has.Some.Contains($"DynamoDB table {table} did not answer the start-up read"), "the failed warm-up is logged");
        }
        finally
        {
            // Only a table this test created: a failure before that keeps its own message.
            if (created)
            {
                await server.DeleteTableAsync(table);
            }
        }
    }

    /// <summary>Starts the published service as a real process and returns what it printed, after checking that it exited with an error.</summary>
    private static async Task<string> StartupFailureAsync(IReadOnlyDictionary<string, string> environment)
    {
        await using var service = await PublishedService.StartAsync(environment, readyPath: null);

        Assert.That(await service.WaitForExitAsync(TimeSpan.FromSeconds(90)), Is.True, "the service should refuse to start:\n" + service.Tail());
        Assert.That(service.ExitCode, Is.Not.Zero);
        var output = string.Join('\n', service.OutputLines);
        TestContext.Out.WriteLine(service.Tail(5));
        return output;
    }
}

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

        var message = StartupFailure(store.Environment);

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
    public void An_unknown_store_kind_stops_startup_listing_the_allowed_kinds(string? kind)
    {
        var environment = new Dictionary<string, string> { [AuthUsername] = "u", [AuthPassword] = "p" };
        if (kind is not null)
        {
            environment[StoreKind] = kind;
        }

        var message = StartupFailure(environment);

        Assert.That(message, Does.Contain(StoreKind).And.Contain("Postgres").And.Contain("DynamoDb"));
    }

    [Test]
    public async Task Malformed_postgres_credentials_stop_startup_without_repeating_them()
    {
        await using var store = await StoreBackend.CreatePostgresAsync();
        var environment = ServiceFactory.WithAuth(store.Environment);
        environment[PostgresCredentials] = """{"username":"switchyard","password":"s3cret-do-not-print""";

        var message = StartupFailure(environment);

        Assert.That(message, Does.Contain(PostgresCredentials).And.Not.Contain("s3cret-do-not-print"));
    }

    [Test]
    public async Task A_missing_table_name_stops_startup_naming_the_variable()
    {
        await using var store = await StoreBackend.CreateDynamoDbAsync();
        var environment = ServiceFactory.WithAuth(store.Environment);
        environment.Remove(DynamoDbTableName);

        Assert.That(StartupFailure(environment), Does.Contain(DynamoDbTableName));
    }

    [Test]
    public async Task A_wrong_database_password_stops_startup_at_once()
    {
        await using var store = await StoreBackend.CreatePostgresAsync();
        var environment = ServiceFactory.WithAuth(store.Environment);
        environment[PostgresCredentials] = """{"username":"switchyard","password":"wrong"}""";

        var started = DateTime.UtcNow;
        var message = StartupFailure(environment);

        Assert.That(message, Does.Contain("password authentication failed"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(30)), "not retried as if the database were down");
    }

    /// <summary>Starts the service and returns the whole message chain of why it would not start.</summary>
    private static string StartupFailure(IReadOnlyDictionary<string, string> environment)
    {
        using var factory = new ServiceFactory(environment);
        var error = Assert.Catch(() => factory.CreateClient());
        var messages = new List<string>();
        for (var e = error; e is not null; e = e.InnerException)
        {
            messages.Add(e.Message);
        }

        TestContext.Out.WriteLine(string.Join(" <- ", messages));
        return string.Join("\n", messages);
    }
}

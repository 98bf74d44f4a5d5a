using System.Net;
using System.Text;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// Basic auth on the published service: every route but the health checks demands credentials,
/// and neither a password nor an Authorization header ever reaches the logs (read from the
/// process's own stdout and stderr).
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Faults")]
[NonParallelizable]
public sealed class AuthTests(string kind) : PublishedServiceFixture(kind)
{
    private const string WrongPassword = "wrong-password-that-must-not-be-logged";

    private static IEnumerable<(HttpMethod Method, string Path)> Routes(string id) =>
    [
        (HttpMethod.Get, "/"), (HttpMethod.Get, "/?cursor=x"), (HttpMethod.Get, "/api/items"), (HttpMethod.Post, "/api/items"),
        (HttpMethod.Get, $"/api/items/{id}"), (HttpMethod.Put, $"/api/items/{id}"), (HttpMethod.Delete, $"/api/items/{id}"),
        (HttpMethod.Get, "/openapi/v1.json"), (HttpMethod.Get, "/docs/"), (HttpMethod.Get, "/no-such-route"), (HttpMethod.Get, "/HEALTHZ/x"), (HttpMethod.Get, "/readyz/"),
    ];

    private static IEnumerable<(string Name, string? Header)> WrongCredentials() =>
    [
        ("none", null), ("wrong password", Basic(PublishedService.Username, WrongPassword)), ("wrong user", Basic("someone", PublishedService.Password)),
        ("user in other case", Basic(PublishedService.Username.ToUpperInvariant(), PublishedService.Password)),
        ("Bearer", "Bearer " + PublishedService.Password), ("empty Basic", "Basic "),
    ];

    [Test]
    public async Task Every_route_but_the_health_checks_answers_401_with_WWW_Authenticate_without_valid_credentials()
    {
        using var authorized = FaultHttp.AuthorizedClient(Service);
        var (_, id) = await FaultHttp.CreateAsync(authorized, "guarded");
        using var anonymous = FaultHttp.AnonymousClient(Service);
        var answers = new List<(string Case, int Status, bool Challenge, bool Problem)>();
        foreach (var (method, path) in Routes(id!))
        {
            foreach (var (name, header) in WrongCredentials())
            {
                using var request = new HttpRequestMessage(method, path);
                if (method != HttpMethod.Get && method != HttpMethod.Delete)
                {
                    request.Content = FaultHttp.Json("{\"name\":\"intruder\"}");
                }

                request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", header);
                }

                using var response = await anonymous.SendAsync(request);
                answers.Add(($"{method} {path} with {name}", (int)response.StatusCode,
                    response.Headers.WwwAuthenticate.Any(h => h.Scheme == "Basic"), FaultHttp.IsProblem(response)));
            }
        }

        var health = new List<(string Path, HttpStatusCode Status)>();
        foreach (var path in new[] { "/healthz", "/readyz" })
        {
            using var response = await anonymous.GetAsync(path);
            health.Add((path, response.StatusCode));
        }

        using var stillThere = await authorized.GetAsync($"/api/items/{id}");
        Figures.Print($"{answers.Count} requests without valid credentials on {Routes(id!).Count()} routes: " +
            $"{answers.Count(a => a.Status == 401 && a.Challenge && a.Problem)} answered 401 ProblemDetails with WWW-Authenticate: Basic; " +
            $"health checks without credentials: {string.Join(", ", health.Select(h => $"{h.Path} {(int)h.Status}"))}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(answers.Where(a => a.Status != 401 || !a.Challenge || !a.Problem).Select(a => $"{a.Case}: {a.Status}").ToList(), Is.Empty,
                "Without valid credentials every route answers 401 ProblemDetails with a Basic challenge.");
            Assert.That(health.Select(h => h.Status), Is.All.EqualTo(HttpStatusCode.OK), "/healthz and /readyz need no credentials.");
            Assert.That(stillThere.StatusCode, Is.EqualTo(HttpStatusCode.OK), "Nothing an unauthenticated request sent changed or deleted the item.");
        }
    }

    [Test]
    public async Task No_log_line_contains_a_password_or_an_authorization_header()
    {
        using var authorized = FaultHttp.AuthorizedClient(Service);
        using var anonymous = FaultHttp.AnonymousClient(Service);
        var (_, id) = await FaultHttp.CreateAsync(authorized, "logged");
        await authorized.GetAsync($"/api/items/{id}");
        await authorized.GetAsync("/api/items?limit=oops");
        await authorized.PostAsync("/api/items", FaultHttp.Json("{\"nme\":\"typo\"}"));
        foreach (var (_, header) in WrongCredentials().Where(c => c.Header is not null))
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/items");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await anonymous.SendAsync(request);
        }

        // The logger writes its queue in batches every 20 ms: give it a moment to drain.
        await Task.Delay(500);
        var lines = Service.OutputLines;
        var secrets = new Dictionary<string, string>
        {
            ["the basic-auth password"] = PublishedService.Password,
            ["a wrong password sent"] = WrongPassword,
            ["the valid Authorization token"] = authorized.DefaultRequestHeaders.Authorization!.Parameter!,
            ["the wrong Authorization token"] = Basic(PublishedService.Username, WrongPassword)[6..],
            ["the header name Authorization"] = "Authorization",
        };
        if (Store.Environment.TryGetValue(ServiceEnvironment.PostgresCredentials, out var credentials))
        {
            secrets["the PostgreSQL password"] = System.Text.Json.JsonDocument.Parse(credentials).RootElement.GetProperty("password").GetString()!;
        }

        var leaks = secrets.Where(secret => lines.Any(line => line.Contains(secret.Value, StringComparison.OrdinalIgnoreCase))).Select(secret => secret.Key).ToList();
        var requestLines = lines.Count(line => line.Contains("\"Category\":\"Switchyard.Hosting.RequestLog", StringComparison.Ordinal));
        Figures.Print($"{lines.Count} log lines captured ({requestLines} request log lines); searched for {secrets.Count} secrets; found: {(leaks.Count == 0 ? "none" : string.Join(", ", leaks))}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(requestLines, Is.GreaterThanOrEqualTo(8), "The request log was captured, so its absence of secrets means something.");
            Assert.That(leaks, Is.Empty, "No log line holds a password or an Authorization header.");
        }
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}

using System.Text.Json.Nodes;
using Switchyard.Hosting.OpenApi;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.ApiContract;

/// <summary>
/// The served document passes Redocly CLI's recommended rules (redocly.yaml) with no error and no
/// warning. Both stores serve the same document (<see cref="ApiContractTests"/>), so one store is linted.
/// </summary>
public sealed class ApiLintTests
{
    private ServiceOnStore _service = null!;

    [OneTimeSetUp]
    public async Task StartService() => _service = await ServiceOnStore.StartAsync(ServiceEnvironment.StoreKinds.Postgres);

    [OneTimeTearDown]
    public async Task StopService() => await _service.DisposeAsync();

    [Test]
    public async Task The_served_document_lints_clean_with_the_recommended_rules()
    {
        var problems = await Redocly.LintAsync(await _service.Client.GetStringAsync(ApiDocument.Path));

        Assert.That(problems, Is.Empty, string.Join('\n', problems));
    }

    [Test]
    public async Task The_linter_reports_what_the_rules_forbid()
    {
        var document = JsonNode.Parse(await _service.Client.GetStringAsync(ApiDocument.Path))!;
        document["servers"]![0]!["url"] = "http://localhost/";
        document["paths"]!["/items"]!["post"]!.AsObject().Remove("summary");

        var problems = await Redocly.LintAsync(document.ToJsonString());

        Assert.That(problems, Has.Some.Contains("no-server-trailing-slash").And.Some.Contains("operation-summary at #/paths/~1items/post"));
    }
}

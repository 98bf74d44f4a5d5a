using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Http;

/// <summary>Traces leave over OTLP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; a real OTLP/HTTP listener receives them.</summary>
[NonParallelizable]
public sealed class TelemetryTests
{
    private static readonly string[] Variables =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_BSP_SCHEDULE_DELAY", "OTEL_METRIC_EXPORT_INTERVAL"];

    [TearDown]
    public void ClearVariables()
    {
        foreach (var name in Variables)
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Test]
    public async Task Without_an_endpoint_nothing_is_collected()
    {
        await using var store = await StoreBackend.CreateDynamoDbAsync();
        await using var factory = new ServiceFactory(ServiceFactory.WithAuth(store.Environment));

        Assert.That(factory.Services.GetService<TracerProvider>(), Is.Null);
    }

    [Test]
    public async Task With_an_endpoint_request_traces_reach_the_collector()
    {
        var received = new ConcurrentBag<string>();
        var collector = WebApplication.CreateSlimBuilder();
        collector.WebHost.UseUrls($"http://127.0.0.1:{LocalProcess.FreePort()}");
        await using var app = collector.Build();
        app.MapPost("/v1/{signal}", (string signal) =>
        {
            received.Add(signal);
            return Results.Ok();
        });
        await app.StartAsync();

        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT", app.Urls.Single());
        Environment.SetEnvironmentVariable("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf");
        Environment.SetEnvironmentVariable("OTEL_BSP_SCHEDULE_DELAY", "100");
        await using var store = await StoreBackend.CreateDynamoDbAsync();
        await using (var factory = new ServiceFactory(ServiceFactory.WithAuth(store.Environment)))
        {
            Assert.That((await factory.CreateAuthorizedClient().GetAsync("/api/items")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        // Disposing the service flushed its providers.
        Assert.That(received, Does.Contain("traces"));
    }
}

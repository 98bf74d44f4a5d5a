using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Switchyard.Hosting;

/// <summary>
/// Traces and metrics over OTLP, switched on only by <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// (the exporter reads that and the other standard OTEL_* variables itself). Without it
/// nothing is collected and nothing costs.
/// </summary>
public static class Telemetry
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] TraceSources = ["Microsoft.AspNetCore", "Npgsql"];

    private static readonly string[] Meters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "System.Runtime", "Npgsql"];

    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            return builder;
        }

        var resource = ResourceBuilder.CreateDefault().AddService(
            builder.Configuration["OTEL_SERVICE_NAME"] ?? "switchyard",
            serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString());

        // Created by the container, so it disposes them at shutdown, which flushes what is buffered;
        // the hosted service below makes them start with the host instead of on first use.
        builder.Services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(resource)
            .AddSource(TraceSources)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .SetResourceBuilder(resource)
            .AddMeter(Meters)
            .AddOtlpExporter()
            .Build());
        builder.Services.AddHostedService<TelemetryStarter>();
        return builder;
    }

    private sealed class TelemetryStarter(TracerProvider tracing, MeterProvider metrics) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracing.ForceFlush(5000);
            metrics.ForceFlush(5000);
            return Task.CompletedTask;
        }
    }
}

using System.Text.Json.Serialization;
using Switchyard.Hosting.Logging;
using Switchyard.Hosting.OpenApi;
using Switchyard.Items;

namespace Switchyard.Hosting;

/// <summary>What every request goes through: limits, ProblemDetails, JSON logs, telemetry, browser security, graceful shutdown.</summary>
public static class ServiceDefaults
{
    public static WebApplicationBuilder AddServiceDefaults(this WebApplicationBuilder builder)
    {
        // JSON lines on stdout (see JsonLinesLoggerProvider for why not the framework's console logger).
        // The container creates the provider, so it disposes it at shutdown, which writes what is queued.
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ILoggerProvider>(_ => new JsonLinesLoggerProvider());

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ItemLimits.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
        });

        // Below ECS's 30 s stop timeout: in-flight requests finish, then the process exits.
        builder.Services.Configure<HostOptions>(options =>
            options.ShutdownTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("Shutdown:TimeoutSeconds", 20)));

        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path);
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, ItemJsonContext.Default);

            // Numbers are written as numbers, and no JSON the service reads holds one: without this the
            // web default (numbers read from strings too) makes the OpenAPI document type them "integer or string".
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        builder.AddTelemetry();
        builder.AddBrowserSecurity();
        builder.Services.AddApiDocument();
        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        app.UseMiddleware<RequestLog>();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}

using Scalar.AspNetCore;

namespace Switchyard.Hosting.OpenApi;

/// <summary>
/// The interactive reference at <see cref="Path"/> (Scalar), built in the browser from the
/// OpenAPI document. It sits behind the same basic auth as the API and sends its requests with
/// the credentials typed into its basic-auth form. Everything it loads comes from this service
/// (script and styles from the package, no CDN fonts, no telemetry, no AI agent), and its script
/// tags carry a fresh nonce, left in <c>HttpContext.Items[ScalarOptions.NonceHttpContextItemKey]</c>
/// for a Content-Security-Policy to name.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder routes)
    {
        routes.MapScalarApiReference(Path, options => options
            .WithTitle("Switchyard items API")
            .WithOpenApiRoutePattern(ApiDocument.Path)
            .AddPreferredSecuritySchemes(ApiDocument.BasicAuthScheme)
            .AddHttpAuthentication(ApiDocument.BasicAuthScheme, _ => { })
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce());
        return routes;
    }
}

using Scalar.AspNetCore;

namespace Switchyard.Hosting.OpenApi;

/// <summary>
/// The interactive reference at <see cref="Path"/> (Scalar), built in the browser from the
/// OpenAPI document. It sits behind the same basic auth as the API and sends its requests with
/// the credentials typed into its basic-auth form. Everything it loads comes from this service
/// (script and styles from the package, no CDN fonts, no telemetry, no AI agent), and its script
/// tags carry a fresh nonce, left in <c>HttpContext.Items[ScalarOptions.NonceHttpContextItemKey]</c>,
/// which its own Content-Security-Policy names: that script, and nothing from elsewhere.
/// </summary>
public static class ApiReference
{
    public const string Path = "/docs";

    /// <summary>
    /// The page's policy: its nonce-tagged script, the styles Scalar adds at run time, its data:
    /// icons, and requests to this origin only. No framing, plugins or base-URI rewriting.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder routes)
    {
        // The options are configured per request, so the page's policy can follow each request's nonce.
        routes.MapScalarApiReference(Path, (options, context) =>
        {
            options
            .WithTitle("Switchyard items API")
            .WithOpenApiRoutePattern(ApiDocument.Path)
            .AddPreferredSecuritySchemes(ApiDocument.BasicAuthScheme)
            .AddHttpAuthentication(ApiDocument.BasicAuthScheme, _ => { })
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            .WithNonce();
            SetPolicyOnStart(context);
        });
        return routes;
    }

    // Runs before the security-header middleware's own start callback (the last registered runs
    // first), so the page keeps this policy instead of the script-free default.
    private static void SetPolicyOnStart(HttpContext context) => context.Response.OnStarting(() =>
    {
        if (context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string value)
        {
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy(value);
        }

        return Task.CompletedTask;
    });
}

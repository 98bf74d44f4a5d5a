using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;


namespace Switchyard.Hosting;

/// <summary>
/// What keeps a browser safe with this service: response headers on every answer, and the
/// antiforgery tokens the page's forms carry. Basic-auth credentials are sent by the browser with
/// any request to this origin, a cross-site form post included, so the credentials alone prove
/// nothing about where a form came from; the token does.
/// </summary>
public static class BrowserSecurity
{
    /// <summary>
    /// Only what the page uses: its own stylesheet and forms posting back to this origin.
    /// No script at all, no framing, no plugins, no base-URI rewriting.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public const string AntiforgeryCookieName = "switchyard-antiforgery";

    public const string AntiforgeryFieldName = "__RequestVerificationToken";

    /// <summary>The framework's hosted service that loads the Data Protection key ring at start-up (the only one its assembly has).</summary>
    internal static bool IsKeyRingPreload(ServiceDescriptor descriptor) =>
        descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType?.Assembly == typeof(KeyManagementOptions).Assembly;

    public static WebApplicationBuilder AddBrowserSecurity(this WebApplicationBuilder builder)
    {
        // Every instance seals and opens tokens with the same key (see DerivedKeyRing); without credentials
        // (Development only) the framework's own per-machine key ring serves.
        builder.Services.AddDataProtection().SetApplicationName("switchyard");
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            if (auth.Value.IsConfigured)
            {
                options.XmlRepository = new DerivedKeyRing(auth.Value.Username!, auth.Value.Password!);
                options.AutoGenerateKeys = false;
            }
        });

        builder.Services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Strict;
            options.FormFieldName = AntiforgeryFieldName;

            // Framing is refused for every response below, with one consistent value.
            options.SuppressXFrameOptionsHeader = true;
        });

        // The framework preloads the key ring in a hosted service, on the start-up path before the store
        // is reached: about 100 ms of a 450 ms cold start on two cores (bench/README.md), for a key only
        // the items page's forms use. Without the preload the first form served loads it.
        // After AddAntiforgery, which adds Data Protection (and the preload) again.
        foreach (var preload in builder.Services.Where(IsKeyRingPreload).ToList())
        {
            builder.Services.Remove(preload);
        }

        return builder;
    }

    /// <summary>
    /// Sets the headers as the response starts, so answers written by the exception handler,
    /// the status-code pages and the auth challenge carry them too. An endpoint that needs another
    /// Content-Security-Policy sets its own; nothing else can be weakened per endpoint.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
            }

            // Every answer but the health checks is behind basic auth, and those must always be fresh: no cache keeps any.
            headers.CacheControl = "no-store";
            headers.Remove("Pragma");
            return Task.CompletedTask;
        });
        return next(context);
    });
}

using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Switchyard.Items;

namespace Switchyard.Hosting.OpenApi;

/// <summary>
/// The OpenAPI document at <see cref="Path"/>, generated from the endpoints' own metadata; this
/// file adds what no single endpoint knows: who serves the API, under which licence, where, and
/// that every documented route needs basic auth. The health checks are not part of the document.
/// </summary>
public static class ApiDocument
{
    public const string Path = "/openapi/v1.json";
    public const string BasicAuthScheme = "basicAuth";

    /// <summary>Where every documented route lives; the document's paths are relative to it.</summary>
    public const string ServerUrl = "/api";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            Describe(document);
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer<ItemSchemas>();
    });

    /// <summary>Serves the document and the interactive reference built from it.</summary>
    public static IEndpointRouteBuilder MapApiDocument(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(Path);
        routes.MapApiReference();
        return routes;
    }

    private static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Switchyard items API",
            Version = "1",
            Summary = "Items (a name and notes) with optimistic concurrency through ETags.",
            Description = """
                Stores *items*, each a name and optional notes, on PostgreSQL or DynamoDB (the API is the same on both).

                - **Authentication**: every route here needs HTTP basic auth. `/healthz` (liveness) and `/readyz`
                  (readiness, 503 while the store does not answer) need none and are not part of this document.
                - **Errors** are `application/problem+json` (RFC 9457); a 400 lists the fields at fault under `errors`.
                - **Versions** travel as ETags (`"1"`, `"2"`, …): an update must send `If-Match` with the ETag it replaces.
                - **Listing** is paged by an opaque `cursor`: follow `nextCursor` until it is `null`; every item appears
                  exactly once, in no promised order.
                - **Outages**: while the store is unavailable (or a write is paused), requests answer 503 with `Retry-After`.
                """,
            Contact = new OpenApiContact { Name = "Switchyard maintainers" },

            // The repository grants no licence: the API and its code are proprietary.
            License = new OpenApiLicense { Name = "Proprietary (all rights reserved)", Identifier = "LicenseRef-Proprietary" },
        };

        // Relative to the host that serves the document, so it is right behind any load balancer or
        // TLS front end (the service itself sees only plain HTTP on its own port); and a base path
        // rather than "/", because clients join server URL and path as text ("/" + "/api/items" is "//api/items").
        document.Servers = [new OpenApiServer { Url = ServerUrl, Description = "The API on the host serving this document" }];
        var paths = new OpenApiPaths();
        foreach (var (path, item) in document.Paths)
        {
            paths.Add(path.StartsWith(ServerUrl + "/", StringComparison.Ordinal)
                ? path[ServerUrl.Length..]
                : throw new InvalidOperationException($"{path} is outside {ServerUrl}, the server URL of the OpenAPI document."), item);
        }

        document.Paths = paths;

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BasicAuthScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "basic",
            Description = "The deployment's basic-auth user and password (from Secrets Manager; `local` / `local-only` in local runs).",
        };
        document.Tags = new HashSet<OpenApiTag> { new() { Name = ItemsApiDocumentation.Tag, Description = ItemsApiDocumentation.TagDescription } };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BasicAuthScheme, document)] = [] }];
    }
}

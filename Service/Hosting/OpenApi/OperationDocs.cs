using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Switchyard.Hosting.OpenApi;

/// <summary>A header a response carries or a request may send, described once for every operation that uses it.</summary>
public sealed record ApiHeader(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String)
{
    public static readonly ApiHeader RetryAfter = new("Retry-After", "Seconds to wait before retrying.", JsonSchemaType.Integer);

    public static readonly ApiHeader WwwAuthenticate = new("WWW-Authenticate", "The challenge: `Basic realm=\"switchyard\", charset=\"UTF-8\"`.");

    internal OpenApiHeader ToResponseHeader() => new() { Description = Description, Schema = new OpenApiSchema { Type = Type } };

    internal OpenApiParameter ToRequestParameter(bool required) =>
        new() { Name = Name, In = ParameterLocation.Header, Required = required, Description = Description, Schema = new OpenApiSchema { Type = Type } };
}

/// <summary>
/// Endpoint metadata for the OpenAPI document, in the vocabulary of this service: what an
/// operation is, which answers it gives (each problem as RFC 9457 ProblemDetails, a 400 with its
/// <c>errors</c> map), their headers, and the precondition headers it reads.
/// </summary>
public static class OperationDocs
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder builder, string operationId, string summary, string description) =>
        builder.WithName(operationId).WithSummary(summary).WithDescription(description);

    /// <summary>A success answer: its body type (none for <c>null</c>), what it means and the headers it carries.</summary>
    public static RouteHandlerBuilder Answers<TBody>(this RouteHandlerBuilder builder, int status, string description, params ApiHeader[] headers) =>
        builder.Produces<TBody>(status).WithResponse(status, description, headers);

    public static RouteHandlerBuilder AnswersEmpty(this RouteHandlerBuilder builder, int status, string description, params ApiHeader[] headers) =>
        builder.Produces(status).WithResponse(status, description, headers);

    /// <summary>A ProblemDetails answer (<c>application/problem+json</c>); a 400 carries the fields at fault under <c>errors</c>.</summary>
    public static RouteHandlerBuilder Fails(this RouteHandlerBuilder builder, int status, string description, params ApiHeader[] headers) =>
        (status == StatusCodes.Status400BadRequest ? builder.ProducesValidationProblem() : builder.ProducesProblem(status))
            .WithResponse(status, description, headers);

    /// <summary>The answers every route behind basic auth and in front of the store can give.</summary>
    public static RouteHandlerBuilder FailsLikeEveryStoreRoute(this RouteHandlerBuilder builder) => builder
        .Fails(StatusCodes.Status401Unauthorized, "No or wrong basic-auth credentials.", ApiHeader.WwwAuthenticate)
        .Fails(StatusCodes.Status503ServiceUnavailable,
            "The store is unavailable (answered within about two seconds) or writes are paused for a moment; retry after `Retry-After` seconds.",
            ApiHeader.RetryAfter);

    /// <summary>A precondition header the operation reads (If-Match, If-None-Match).</summary>
    public static RouteHandlerBuilder Reads(this RouteHandlerBuilder builder, ApiHeader header, bool required) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(header.ToRequestParameter(required));
            return Task.CompletedTask;
        });

    /// <summary>Describes a query or path parameter the handler binds as text: its real type, bounds and meaning.</summary>
    public static RouteHandlerBuilder WithParameter(this RouteHandlerBuilder builder, string name, string description, Action<OpenApiSchema> schema) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var parameter = (OpenApiParameter)(operation.Parameters?.FirstOrDefault(p => p.Name == name)
                ?? throw new InvalidOperationException($"{operation.OperationId} has no parameter '{name}' to describe."));
            parameter.Description = description;
            var described = new OpenApiSchema { Type = JsonSchemaType.String };
            schema(described);
            parameter.Schema = described;
            return Task.CompletedTask;
        });

    /// <summary>An example of the JSON request body.</summary>
    public static RouteHandlerBuilder WithBodyExample(this RouteHandlerBuilder builder, JsonObject example) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                media.Example = example.DeepClone();
            }

            return Task.CompletedTask;
        });

    /// <summary>An example of the JSON body of the <paramref name="status"/> answer.</summary>
    public static RouteHandlerBuilder WithAnswerExample(this RouteHandlerBuilder builder, int status, JsonObject example) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            foreach (var media in Response(operation, status).Content?.Values ?? [])
            {
                media.Example = example.DeepClone();
            }

            return Task.CompletedTask;
        });

    private static OpenApiResponse Response(OpenApiOperation operation, int status)
    {
        var key = status.ToString(CultureInfo.InvariantCulture);
        return operation.Responses?.TryGetValue(key, out var found) == true && found is OpenApiResponse response
            ? response
            : throw new InvalidOperationException($"{operation.OperationId} documents no {key} response to describe.");
    }

    private static RouteHandlerBuilder WithResponse(this RouteHandlerBuilder builder, int status, string description, ApiHeader[] headers) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var response = Response(operation, status);
            response.Description = description;
            if (headers.Length > 0)
            {
                response.Headers ??= new Dictionary<string, IOpenApiHeader>();
                foreach (var header in headers)
                {
                    response.Headers[header.Name] = header.ToResponseHeader();
                }
            }

            return Task.CompletedTask;
        });
}

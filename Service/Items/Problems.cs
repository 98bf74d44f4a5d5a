using Microsoft.AspNetCore.Http.HttpResults;

namespace Switchyard.Items;

/// <summary>The ProblemDetails answers of the items API, worded once.</summary>
internal static class Problems
{
    public static ProblemHttpResult Invalid(string field, string message) =>
        Invalid(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>400 with the fields at fault under <c>errors</c>, as ASP.NET's own validation answers.</summary>
    public static ProblemHttpResult Invalid(Dictionary<string, string[]> errors) => TypedResults.Problem(
        new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest, Title = "The request is not valid." });

    public static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem($"No item has id '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "Item not found");

    public static ProblemHttpResult Stale() => TypedResults.Problem(
        "The item's current version does not satisfy If-Match / If-None-Match (it has changed since that ETag was issued, " +
        "or the tag is not one this service issues); GET it again and retry with its ETag.",
        statusCode: StatusCodes.Status412PreconditionFailed, title: "Precondition failed");

    public static ProblemHttpResult IfMatchRequired() => TypedResults.Problem(
        "An update must say which version it replaces: send If-Match with the ETag from your last GET.",
        statusCode: StatusCodes.Status428PreconditionRequired, title: "If-Match required");

    public static ProblemHttpResult TooLarge() => TypedResults.Problem(
        $"The body is larger than {ItemLimits.MaxBodyBytes} bytes.",
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large");

    public static ProblemHttpResult UnsupportedMediaType() => TypedResults.Problem(
        "Send the item as JSON with Content-Type: application/json (UTF-8).",
        statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
}

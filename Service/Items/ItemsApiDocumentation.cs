using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Switchyard.Hosting.OpenApi;

namespace Switchyard.Items;

/// <summary>
/// What the OpenAPI document says about each route of <see cref="ItemsApi"/>: one call per
/// route, so the handlers stay readable and the contract is worded in one place.
/// </summary>
public static class ItemsApiDocumentation
{
    public const string Tag = "Items";
    public const string TagDescription = "Create, read, list, replace and delete items. Versions travel as ETags.";

    private static readonly ApiHeader ETag = new("ETag", "The item's version as a strong entity tag, such as `\"3\"`; send it back in `If-Match`.");
    private static readonly ApiHeader Location = new("Location", "The new item's URL, `/api/items/{id}`.");
    private static readonly ApiHeader IfMatch = new("If-Match",
        "One ETag or a comma-separated list (such as `\"3\"` or `\"3\", \"4\"`), or `*` for whatever version exists: the request applies only while " +
        "the item is at a listed version. Strong comparison: a weak tag (`W/\"3\"`) never matches.");
    private static readonly ApiHeader IfNoneMatch = new("If-None-Match",
        "The ETags the client holds (one, a comma-separated list, or `*`): when one is still current, the answer is 304 without a body. " +
        "Weak comparison: `W/\"3\"` matches version 3.");

    private static readonly JsonObject CreateExample = new() { ["name"] = "widget", ["notes"] = "blue, 3 cm" };
    private static readonly JsonObject UpdateExample = new() { ["name"] = "widget", ["notes"] = "blue, 4 cm (remeasured)" };
    private static readonly JsonObject CreatedExample = StoredExample(CreateExample, version: 1, updatedAt: "2026-03-01T09:30:00+00:00");
    private static readonly JsonObject UpdatedExample = StoredExample(UpdateExample, version: 2, updatedAt: "2026-03-02T14:05:12.25+00:00");

    private const string BodyFaults = "A body field is missing, too long, of the wrong type or unknown, or the JSON is malformed";

    private const string IdDescription = "The item's id: 32 lowercase hexadecimal digits, as the create answer gave it.";

    public static RouteHandlerBuilder DescribeCreate(this RouteHandlerBuilder route) => route
        .Describe("createItem", "Create an item", "Stores a new item at version 1 and answers with it, its URL and its ETag. The server chooses the id.")
        .Accepts<ItemInput>("application/json")
        .WithBodyExample(CreateExample)
        .Answers<Item>(StatusCodes.Status201Created, "The stored item.", Location, ETag)
        .WithAnswerExample(StatusCodes.Status201Created, CreatedExample)
        .Fails(StatusCodes.Status400BadRequest, $"{BodyFaults} (each named under `errors`).")
        .FailsOnBody()
        .FailsLikeEveryStoreRoute();

    public static RouteHandlerBuilder DescribeList(this RouteHandlerBuilder route) => route
        .Describe("listItems", "List items, one page at a time",
            "Answers up to `limit` items and a `nextCursor`. Pass `nextCursor` back as `cursor` for the next page until it is `null`: " +
            "every item that exists throughout the walk appears exactly once, in no promised order.")
        .WithParameter("limit", $"Items per page, 1 to {ItemLimits.MaxPageSize}.", schema =>
        {
            schema.Type = JsonSchemaType.Integer;
            schema.Format = "int32";
            schema.Minimum = "1";
            schema.Maximum = ItemLimits.MaxPageSize.ToString(CultureInfo.InvariantCulture);
            schema.Default = ItemLimits.DefaultPageSize;
        })
        .WithParameter("cursor", "Where the page starts: the `nextCursor` of the previous page, unchanged. Opaque; absent for the first page.",
            schema => schema.MaxLength = 64)
        .Answers<ItemList>(StatusCodes.Status200OK, "One page of items.")
        .Fails(StatusCodes.Status400BadRequest, "`limit` is out of range or `cursor` is not one this service issued (named under `errors`).")
        .FailsLikeEveryStoreRoute();

    public static RouteHandlerBuilder DescribeGet(this RouteHandlerBuilder route) => route
        .Describe("getItem", "Get an item",
            "Answers the item and its ETag, or 304 when `If-None-Match` names the current ETag; with `If-Match`, only while the item is at that version.")
        .WithIdParameter()
        .Reads(IfNoneMatch, required: false)
        .Reads(IfMatch, required: false)
        .Answers<Item>(StatusCodes.Status200OK, "The item.", ETag)
        .AnswersEmpty(StatusCodes.Status304NotModified, "The ETag in `If-None-Match` is current: the client's copy is up to date.", ETag)
        .Fails(StatusCodes.Status400BadRequest, "The id, `If-Match` or `If-None-Match` is malformed (named under `errors`).")
        .Fails(StatusCodes.Status404NotFound, "No item has this id.")
        .Fails(StatusCodes.Status412PreconditionFailed, "`If-Match` names no current ETag of the item.")
        .FailsLikeEveryStoreRoute();

    public static RouteHandlerBuilder DescribeUpdate(this RouteHandlerBuilder route) => route
        .Describe("updateItem", "Replace an item",
            "Replaces the item's name and notes if it is still at the version `If-Match` names, and answers with the next version and its ETag. " +
            "Notes left out are removed.")
        .WithIdParameter()
        .Reads(IfMatch, required: true)
        .Accepts<ItemInput>("application/json")
        .WithBodyExample(UpdateExample)
        .Answers<Item>(StatusCodes.Status200OK, "The item at its next version.", ETag)
        .WithAnswerExample(StatusCodes.Status200OK, UpdatedExample)
        .Fails(StatusCodes.Status400BadRequest, $"{BodyFaults}, or the id, `If-Match` or `If-None-Match` is malformed (each named under `errors`).")
        .FailsOnBody()
        .Fails(StatusCodes.Status404NotFound, "No item has this id.")
        .Fails(StatusCodes.Status412PreconditionFailed, "The item has changed since that ETag was issued: GET it again and retry with the new ETag.")
        .Fails(StatusCodes.Status428PreconditionRequired, "`If-Match` is missing: an update must say which version it replaces.")
        .FailsLikeEveryStoreRoute();

    public static RouteHandlerBuilder DescribeDelete(this RouteHandlerBuilder route) => route
        .Describe("deleteItem", "Delete an item", "Deletes the item; with `If-Match`, only if it is still at that version.")
        .WithIdParameter()
        .Reads(IfMatch, required: false)
        .AnswersEmpty(StatusCodes.Status204NoContent, "The item is deleted.")
        .Fails(StatusCodes.Status400BadRequest, "The id or `If-Match` is malformed (named under `errors`).")
        .Fails(StatusCodes.Status404NotFound, "No item has this id.")
        .Fails(StatusCodes.Status412PreconditionFailed, "The item has changed since the ETag in `If-Match` was issued; nothing was deleted.")
        .FailsLikeEveryStoreRoute();

    private static JsonObject StoredExample(JsonObject draft, long version, string updatedAt) => new()
    {
        ["id"] = "019a7f3c2b6d7e8f9a0b1c2d3e4f5a6b",
        ["name"] = draft["name"]!.DeepClone(),
        ["notes"] = draft["notes"]!.DeepClone(),
        ["version"] = version,
        ["createdAt"] = "2026-03-01T09:30:00+00:00",
        ["updatedAt"] = updatedAt,
    };

    private static RouteHandlerBuilder WithIdParameter(this RouteHandlerBuilder route) =>
        route.WithParameter("id", IdDescription, schema =>
        {
            schema.Pattern = ItemSchemas.IdPattern;
            schema.MinLength = ItemId.Length;
            schema.MaxLength = ItemId.Length;
        });

    /// <summary>The answers to a body that is too large or not JSON; a 400 for its content is each route's own.</summary>
    private static RouteHandlerBuilder FailsOnBody(this RouteHandlerBuilder route) => route
        .Fails(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {ItemLimits.MaxBodyBytes} bytes.")
        .Fails(StatusCodes.Status415UnsupportedMediaType, "The body is not `application/json` (UTF-8).");
}

/// <summary>The item schemas with the limits the API enforces, so a client can check before it sends.</summary>
internal sealed class ItemSchemas : IOpenApiSchemaTransformer
{
    internal static readonly string IdPattern = $"^[0-9a-f]{{{ItemId.Length}}}$";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(ItemInput))
        {
            // The C# members are nullable only so that a missing name is answered with a 400 naming it.
            schema.Description = "What a client sends to create or replace an item. Any other field is a 400 naming it.";
            schema.Required = new HashSet<string> { "name" };
            Describe(schema, "name", $"1 to {ItemLimits.MaxNameLength} characters, not only white space, no control characters.", name =>
            {
                name.Type = JsonSchemaType.String;
                name.MinLength = 1;
                name.MaxLength = ItemLimits.MaxNameLength;
            });
            Describe(schema, "notes", $"Up to {ItemLimits.MaxNotesLength} characters; tabs and line breaks allowed. Left out or null: no notes.",
                notes => notes.MaxLength = ItemLimits.MaxNotesLength);
        }
        else if (type == typeof(Item))
        {
            schema.Description = "A stored item.";
            Describe(schema, "id", "Server-generated: 32 lowercase hexadecimal digits.", id => id.Pattern = IdPattern);
            Describe(schema, "name", $"1 to {ItemLimits.MaxNameLength} characters.");
            Describe(schema, "notes", $"Up to {ItemLimits.MaxNotesLength} characters, or null.");
            Describe(schema, "version", "Starts at 1 and grows by one on every update; the ETag is this number in quotes.", version => version.Minimum = "1");
            Describe(schema, "createdAt", "When the item was created (UTC).");
            Describe(schema, "updatedAt", "When the item was last written (UTC).");
        }
        else if (type == typeof(ItemList))
        {
            schema.Description = "One page of a listing.";
            Describe(schema, "nextCursor", "Pass it as `cursor` to get the next page; `null` on the last page. Opaque: do not build or change one.");
        }

        return Task.CompletedTask;
    }

    private static void Describe(OpenApiSchema schema, string property, string description, Action<OpenApiSchema>? constrain = null)
    {
        if (schema.Properties?.TryGetValue(property, out var found) != true || found is not OpenApiSchema target)
        {
            throw new InvalidOperationException($"The schema has no property '{property}' to describe.");
        }

        target.Description = description;
        constrain?.Invoke(target);
    }
}

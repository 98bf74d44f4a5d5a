using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchyard.Storage;

namespace Switchyard.Items;

/// <summary>
/// The items page: list (with next and previous pages), create, edit and delete, server-rendered
/// with forms and links only. Every form carries an antiforgery token and the version it was read
/// at; every successful post answers 303 See Other, so a reload never posts twice.
/// Malformed links (an id or cursor this service never issued) answer ProblemDetails as the API does.
/// </summary>
public static class ItemsPage
{
    public const string StylesheetPath = "/items.css";

    private static readonly string Stylesheet = ReadStylesheet();

    private static readonly string[] TextFields = ["name", "notes"];

    private const string LostVersion = "The form lost the version it was read at: open the item again.";

    public static IEndpointRouteBuilder MapItemsPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", ListAsync).ExcludeFromDescription();
        routes.MapPost("/items", CreateAsync).ExcludeFromDescription();
        routes.MapGet("/items/{id}", EditAsync).ExcludeFromDescription();
        routes.MapPost("/items/{id}", SaveAsync).ExcludeFromDescription();
        routes.MapGet("/items/{id}/delete", ConfirmDeleteAsync).ExcludeFromDescription();
        routes.MapPost("/items/{id}/delete", DeleteAsync).ExcludeFromDescription();
        routes.MapGet(StylesheetPath, () => TypedResults.Text(Stylesheet, "text/css; charset=utf-8")).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> ListAsync(
        string? cursor, string? trail, string? done, string? item, HttpContext context, IItemStore store, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (!PageTrail.TryRead(cursor, trail, out var position))
        {
            return Problems.Invalid(cursor is null ? "trail" : "cursor", "This is not a page link this service issued; start again from the first page.");
        }

        var notice = await NoticeAsync(done, item, store, cancellationToken);
        return await ListPageAsync(context, store, antiforgery, position, notice, ItemForm.Empty, StatusCodes.Status200OK, cancellationToken);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IItemStore store, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (fields, refused) = await ReadFormAsync(null, context, antiforgery, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var form = ItemFormOf(fields!, withVersion: false);
        if (form.Errors.Count > 0)
        {
            return await ListPageAsync(context, store, antiforgery, PageTrail.First, null, form, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var created = await store.CreateAsync(Draft(form), cancellationToken);
        return SeeOther($"/?done=created&item={created.Id}");
    }

    private static Task<IResult> EditAsync(string id, HttpContext context, IItemStore store, IAntiforgery antiforgery, CancellationToken cancellationToken) =>
        ShowAsync(id, store, item => ItemsPageHtml.Edit(id, ItemForm.Of(item), null, antiforgery.GetAndStoreTokens(context)), cancellationToken);

    private static async Task<IResult> SaveAsync(string id, HttpContext context, IItemStore store, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (fields, refused) = await ReadFormAsync(id, context, antiforgery, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var form = ItemFormOf(fields!, withVersion: true);
        if (form.Errors.Count > 0)
        {
            return Page(ItemsPageHtml.Edit(id, form, null, antiforgery.GetAndStoreTokens(context)), StatusCodes.Status400BadRequest);
        }

        var result = await store.UpdateAsync(id, form.Version, Draft(form), cancellationToken);
        if (result.Status == WriteStatus.Done)
        {
            return SeeOther($"/?done=saved&item={id}");
        }

        // A stale form never overwrites: show what the item is now, keep what the person typed.
        return result.Status == WriteStatus.VersionConflict && await store.GetAsync(id, cancellationToken) is { } current
            ? Page(ItemsPageHtml.Edit(id, form, current, antiforgery.GetAndStoreTokens(context)), StatusCodes.Status409Conflict)
            : Gone();
    }

    private static Task<IResult> ConfirmDeleteAsync(string id, HttpContext context, IItemStore store, IAntiforgery antiforgery, CancellationToken cancellationToken) =>
        ShowAsync(id, store, item => ItemsPageHtml.ConfirmDelete(item, changed: false, antiforgery.GetAndStoreTokens(context)), cancellationToken);

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, IItemStore store, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        var (fields, refused) = await ReadFormAsync(id, context, antiforgery, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (!TryReadVersion(fields!, out var version))
        {
            return Page(ItemsPageHtml.Message("Not deleted", LostVersion), StatusCodes.Status400BadRequest);
        }

        var result = await store.DeleteAsync(id, version, cancellationToken);
        if (result.Status == WriteStatus.Done)
        {
            return SeeOther("/?done=deleted");
        }

        return result.Status == WriteStatus.VersionConflict && await store.GetAsync(id, cancellationToken) is { } current
            ? Page(ItemsPageHtml.ConfirmDelete(current, changed: true, antiforgery.GetAndStoreTokens(context)), StatusCodes.Status409Conflict)
            : Gone();
    }

    /// <summary>A page about one item, rendered by <paramref name="render"/>; 404 when the item does not exist.</summary>
    private static async Task<IResult> ShowAsync(string id, IItemStore store, Func<Item, string> render, CancellationToken cancellationToken)
    {
        if (ItemRequest.CheckId(id) is { } invalid)
        {
            return invalid;
        }

        return await store.GetAsync(id, cancellationToken) is { } item ? Page(render(item)) : Gone();
    }

    private static async Task<IResult> ListPageAsync(
        HttpContext context, IItemStore store, IAntiforgery antiforgery, PageTrail position, string? notice, ItemForm create, int status, CancellationToken cancellationToken)
    {
        var cursorId = position.Cursor is { } cursor && ItemId.TryParseCursor(cursor, out var id) ? id : null;
        var page = await store.ListAsync(ItemLimits.DefaultPageSize, cursorId, cancellationToken);
        return Page(ItemsPageHtml.List(page, position, notice, create, antiforgery.GetAndStoreTokens(context)), status);
    }

    /// <summary>
    /// The fields a person posted about item <paramref name="id"/> (null: a new item), once the id and
    /// the form's antiforgery token are checked: a post from another site (which the browser sends with
    /// the basic-auth credentials) carries no valid token and changes nothing.
    /// </summary>
    private static async Task<(IFormCollection? Fields, IResult? Refused)> ReadFormAsync(
        string? id, HttpContext context, IAntiforgery antiforgery, CancellationToken cancellationToken)
    {
        if (id is not null && ItemRequest.CheckId(id) is { } invalid)
        {
            return (null, invalid);
        }

        if (!context.Request.HasFormContentType || !await antiforgery.IsRequestValidAsync(context))
        {
            return (null, Page(ItemsPageHtml.Message("Form refused",
                "This form did not come from this service's page, or the page is too old. Nothing was changed: go back, reload the page and try again."),
                StatusCodes.Status400BadRequest));
        }

        return (await context.Request.ReadFormAsync(cancellationToken), null);
    }

    /// <summary>An item form's text, checked by the API's own rules, and (for an edit) the version it was read at.</summary>
    private static ItemForm ItemFormOf(IFormCollection fields, bool withVersion)
    {
        var name = fields["name"].ToString();

        // Browsers send a textarea's line breaks as CR LF; the item keeps plain line feeds.
        var notes = fields["notes"].ToString().ReplaceLineEndings("\n");
        var errors = ItemRequest.Validate(name, notes);
        foreach (var field in TextFields.Where(field => fields[field].Count > 1))
        {
            errors[field] = [$"Send one '{field}'."];
        }

        var version = 0L;
        if (withVersion && !TryReadVersion(fields, out version))
        {
            errors["version"] = [LostVersion];
        }

        return new ItemForm(name, notes, version, errors);
    }

    private static bool TryReadVersion(IFormCollection fields, out long version) =>
        long.TryParse(fields["version"], NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;

    private static async Task<string?> NoticeAsync(string? done, string? id, IItemStore store, CancellationToken cancellationToken)
    {
        if (done == "deleted")
        {
            return "Item deleted.";
        }

        if (done is not ("created" or "saved") || !ItemId.IsValid(id) || await store.GetAsync(id!, cancellationToken) is not { } item)
        {
            return null;
        }

        return $"{(done == "created" ? "Created" : "Saved")} “{item.Name}” (version {item.Version.ToString(CultureInfo.InvariantCulture)}).";
    }

    private static ItemDraft Draft(ItemForm form) => new(form.Name, form.Notes.Length == 0 ? null : form.Notes);

    private static ContentHttpResult Page(string html, int status = StatusCodes.Status200OK) =>
        TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);

    private static ContentHttpResult Gone() =>
        Page(ItemsPageHtml.Message("Item not found", "This item does not exist (any more): someone may have deleted it."), StatusCodes.Status404NotFound);

    /// <summary>POST-redirect-GET: 303 makes the browser fetch the page with GET, so a reload repeats no write.</summary>
    private static SeeOtherResult SeeOther(string location) => new(location);

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }

    private static string ReadStylesheet()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Items.ItemsPage.css")
            ?? throw new InvalidOperationException("The page's stylesheet is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

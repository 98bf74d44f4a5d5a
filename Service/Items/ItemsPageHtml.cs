using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Switchyard.Items;

/// <summary>What a person typed into an item form, the version it was read at, and what is wrong with it.</summary>
internal sealed record ItemForm(string Name, string Notes, long Version, IReadOnlyDictionary<string, string[]> Errors)
{
    public static ItemForm Empty { get; } = new("", "", 0, new Dictionary<string, string[]>());

    public static ItemForm Of(Item item) => new(item.Name, item.Notes ?? "", item.Version, new Dictionary<string, string[]>());
}

/// <summary>
/// The HTML of the items page. Every text that came from a person or the store is HTML-encoded
/// here, and nothing else writes markup. No script: the page works with forms and links only.
/// </summary>
internal static class ItemsPageHtml
{
    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    public static string List(ItemPage page, PageTrail trail, string? notice, ItemForm create, AntiforgeryTokenSet tokens)
    {
        var main = new StringBuilder(2048 + page.Items.Count * 400);
        main.Append("<h1>Items</h1>\n<p><a href=\"/docs\">API reference</a></p>\n");
        Notice(main, notice);
        main.Append("<section class=\"card\">\n<h2>New item</h2>\n");
        Form(main, "/items", create, tokens, "Create");
        main.Append("</section>\n");

        if (page.Items.Count == 0)
        {
            main.Append("<p class=\"empty\">").Append(trail.Cursor is null ? "No items yet." : "No more items.").Append("</p>\n");
        }
        else
        {
            main.Append("<ul class=\"items\">\n");
            foreach (var item in page.Items)
            {
                main.Append("<li>\n<h3>").Append(Html.Encode(item.Name)).Append("</h3>\n");
                Notes(main, item);
                Meta(main, item);
                main.Append("<div class=\"actions\"><a class=\"button secondary\" href=\"").Append(ItemLink(item.Id)).Append("\">Edit</a>")
                    .Append("<a class=\"button secondary\" href=\"").Append(ItemLink(item.Id)).Append("/delete\">Delete</a></div>\n</li>\n");
            }

            main.Append("</ul>\n");
        }

        var previous = trail.PreviousLink();
        if (previous is not null || page.ContinueAfterId is not null)
        {
            main.Append("<nav class=\"pager\">");
            main.Append(previous is null ? "<span></span>" : $"<a rel=\"prev\" href=\"{Html.Encode(previous)}\">&larr; Previous page</a>");
            if (page.ContinueAfterId is { } last)
            {
                main.Append("<a rel=\"next\" href=\"").Append(Html.Encode(trail.NextLink(ItemId.ToCursor(last)))).Append("\">Next page &rarr;</a>");
            }

            main.Append("</nav>\n");
        }

        return Layout("Items", main);
    }

    /// <summary>The edit form; with <paramref name="current"/>, the item changed since the form was read and this shows how.</summary>
    public static string Edit(string id, ItemForm form, Item? current, AntiforgeryTokenSet tokens)
    {
        var main = new StringBuilder(4096);
        main.Append("<h1>Edit item</h1>\n");
        if (current is not null)
        {
            main.Append("<div class=\"conflict\" role=\"alert\">\n<p><strong>Not saved: someone else changed this item.</strong> You edited version ")
                .Append(Number(form.Version)).Append("; it is now at version ").Append(Number(current.Version))
                .Append(". Its current text is below. Saving again replaces it with yours.</p>\n<h3>")
                .Append(Html.Encode(current.Name)).Append("</h3>\n");
            Notes(main, current);
            main.Append("</div>\n");
            form = form with { Version = current.Version };
        }

        main.Append("<section class=\"card\">\n");
        Form(main, ItemLink(id), form, tokens, "Save");
        main.Append("</section>\n<p><a href=\"/\">Back to the list</a></p>\n");
        return Layout("Edit item", main);
    }

    /// <summary>The confirmation step; with <paramref name="changed"/> set, the item changed since the delete was asked for.</summary>
    public static string ConfirmDelete(Item item, bool changed, AntiforgeryTokenSet tokens)
    {
        var main = new StringBuilder(2048);
        main.Append("<h1>Delete item?</h1>\n");
        if (changed)
        {
            main.Append("<div class=\"conflict\" role=\"alert\"><p><strong>Not deleted: someone else changed this item.</strong> ")
                .Append("This is its current version; delete it only if you still mean to.</p></div>\n");
        }

        main.Append("<section class=\"card\">\n<h3>").Append(Html.Encode(item.Name)).Append("</h3>\n");
        Notes(main, item);
        Meta(main, item);
        main.Append("<form method=\"post\" action=\"").Append(ItemLink(item.Id)).Append("/delete\">\n");
        Token(main, tokens);
        main.Append("<input type=\"hidden\" name=\"version\" value=\"").Append(Number(item.Version)).Append("\">\n")
            .Append("<div class=\"actions\"><button type=\"submit\" class=\"danger\">Delete</button><a class=\"button secondary\" href=\"/\">Cancel</a></div>\n")
            .Append("</form>\n</section>\n");
        return Layout("Delete item", main);
    }

    /// <summary>A page that only says something, such as an item that is gone or a form that was refused.</summary>
    public static string Message(string title, string text)
    {
        var main = new StringBuilder(512);
        main.Append("<h1>").Append(Html.Encode(title)).Append("</h1>\n<p>").Append(Html.Encode(text)).Append("</p>\n<p><a href=\"/\">Back to the list</a></p>\n");
        return Layout(title, main);
    }

    private static string Layout(string title, StringBuilder main) => $"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{Html.Encode(title)} · Switchyard</title>
        <link rel="stylesheet" href="{ItemsPage.StylesheetPath}">
        </head>
        <body>
        <header><a href="/">Switchyard</a></header>
        <main>
        {main}</main>
        </body>
        </html>

        """;

    private static void Form(StringBuilder html, string action, ItemForm form, AntiforgeryTokenSet tokens, string submit)
    {
        if (form.Errors.Count > 0)
        {
            html.Append("<div class=\"error-summary\" role=\"alert\"><p><strong>Not saved:</strong> please correct the fields below.</p></div>\n");
        }

        html.Append("<form method=\"post\" action=\"").Append(Html.Encode(action)).Append("\">\n");
        Token(html, tokens);
        if (form.Version > 0)
        {
            html.Append("<input type=\"hidden\" name=\"version\" value=\"").Append(Number(form.Version)).Append("\">\n");
        }

        html.Append("<label for=\"name\">Name</label>\n<input type=\"text\" id=\"name\" name=\"name\" required maxlength=\"")
            .Append(Number(ItemLimits.MaxNameLength)).Append("\" value=\"").Append(Html.Encode(form.Name)).Append("\">\n");
        FieldErrors(html, form, "name");

        // The parser drops one line break right after <textarea>: this one, so notes that start with a blank line keep it.
        html.Append("<label for=\"notes\">Notes</label>\n<textarea id=\"notes\" name=\"notes\" maxlength=\"")
            .Append(Number(ItemLimits.MaxNotesLength)).Append("\">\n").Append(Html.Encode(form.Notes)).Append("</textarea>\n");
        FieldErrors(html, form, "notes");
        FieldErrors(html, form, "version");
        html.Append("<div class=\"actions\"><button type=\"submit\">").Append(submit).Append("</button></div>\n</form>\n");
    }

    private static void FieldErrors(StringBuilder html, ItemForm form, string field)
    {
        foreach (var error in form.Errors.GetValueOrDefault(field, []))
        {
            html.Append("<p class=\"field-error\" data-field=\"").Append(field).Append("\">").Append(Html.Encode(error)).Append("</p>\n");
        }
    }

    private static void Token(StringBuilder html, AntiforgeryTokenSet tokens) =>
        html.Append("<input type=\"hidden\" name=\"").Append(Html.Encode(tokens.FormFieldName))
            .Append("\" value=\"").Append(Html.Encode(tokens.RequestToken ?? "")).Append("\">\n");

    private static void Notice(StringBuilder html, string? notice)
    {
        if (notice is not null)
        {
            html.Append("<p class=\"notice\" role=\"status\">").Append(Html.Encode(notice)).Append("</p>\n");
        }
    }

    private static void Notes(StringBuilder html, Item item)
    {
        if (!string.IsNullOrEmpty(item.Notes))
        {
            // pre-wrap in the stylesheet keeps the line breaks; the text itself stays encoded.
            html.Append("<p class=\"notes\">").Append(Html.Encode(item.Notes)).Append("</p>\n");
        }
    }

    private static void Meta(StringBuilder html, Item item) =>
        html.Append("<p class=\"meta\">Version <span class=\"version\">").Append(Number(item.Version)).Append("</span> · updated ")
            .Append(item.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)).Append(" UTC · <code>")
            .Append(item.Id).Append("</code></p>\n");

    private static string ItemLink(string id) => $"/items/{id}";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using Switchyard.Storage;

namespace Switchyard.Items;

/// <summary>GET / : one page of items as HTML, with a link to the next page. Every stored text is HTML-encoded.</summary>
public static class ItemsPage
{
    public static RouteHandlerBuilder MapItemsPage(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/", RenderAsync).ExcludeFromDescription();

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> RenderAsync(
        string? cursor, IItemStore store, CancellationToken cancellationToken)
    {
        var (size, cursorId, problem) = ItemRequest.ReadPage(null, cursor);
        if (problem is not null)
        {
            return problem;
        }

        var page = await store.ListAsync(size, cursorId, cancellationToken);
        return TypedResults.Content(Render(page), "text/html; charset=utf-8");
    }

    private static string Render(ItemPage page)
    {
        var html = HtmlEncoder.Default;
        var body = new StringBuilder(1024 + page.Items.Count * 160);
        body.Append("""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Switchyard items</title>
            <style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}td,th{padding:.3rem .8rem;border-bottom:1px solid #ddd;text-align:left}</style>
            </head>
            <body>
            <h1>Items</h1>
            <p><a href="/docs">API reference</a></p>
            """);
        if (page.Items.Count == 0)
        {
            body.Append("<p>No items yet. Create one with <code>POST /api/items</code>.</p>\n");
        }
        else
        {
            body.Append("<table>\n<thead><tr><th>Name</th><th>Notes</th><th>Version</th><th>Updated (UTC)</th><th>Id</th></tr></thead>\n<tbody>\n");
            foreach (var item in page.Items)
            {
                body.Append("<tr><td>").Append(html.Encode(item.Name))
                    .Append("</td><td>").Append(html.Encode(item.Notes ?? ""))
                    .Append("</td><td>").Append(item.Version.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(item.UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))
                    .Append("</td><td><code>").Append(item.Id).Append("</code></td></tr>\n");
            }

            body.Append("</tbody>\n</table>\n");
        }

        if (page.ContinueAfterId is { } last)
        {
            body.Append("<p><a href=\"/?cursor=").Append(ItemId.ToCursor(last)).Append("\">Next page</a></p>\n");
        }

        return body.Append("</body>\n</html>\n").ToString();
    }
}

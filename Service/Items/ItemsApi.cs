using Microsoft.AspNetCore.Http.HttpResults;
using Switchyard.Storage;

namespace Switchyard.Items;

/// <summary>JSON CRUD under /api/items. Versions travel as ETags; updates need If-Match.</summary>
public static class ItemsApi
{
    public static RouteGroupBuilder MapItemsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/items").WithTags(ItemsApiDocumentation.Tag);
        group.MapPost("/", CreateAsync).DescribeCreate();
        group.MapGet("/", ListAsync).DescribeList();
        group.MapGet("/{id}", GetAsync).DescribeGet();
        group.MapPut("/{id}", UpdateAsync).DescribeUpdate();
        group.MapDelete("/{id}", DeleteAsync).DescribeDelete();
        return group;
    }

    private static async Task<Results<Created<Item>, ProblemHttpResult>> CreateAsync(
        HttpRequest request, HttpResponse response, IItemStore store, CancellationToken cancellationToken)
    {
        var (draft, problem) = await ItemRequest.ReadDraftAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var item = await store.CreateAsync(draft!, cancellationToken);
        response.Headers.ETag = ItemRequest.ETag(item.Version);
        return TypedResults.Created($"/api/items/{item.Id}", item);
    }

    private static async Task<Results<Ok<ItemList>, ProblemHttpResult>> ListAsync(
        string? limit, string? cursor, IItemStore store, CancellationToken cancellationToken)
    {
        var (size, cursorId, problem) = ItemRequest.ReadPage(limit, cursor);
        if (problem is not null)
        {
            return problem;
        }

        var page = await store.ListAsync(size, cursorId, cancellationToken);
        return TypedResults.Ok(new ItemList(page.Items, page.ContinueAfterId is { } last ? ItemId.ToCursor(last) : null));
    }

    private static async Task<Results<Ok<Item>, StatusCodeHttpResult, ProblemHttpResult>> GetAsync(
        string id, HttpRequest request, HttpResponse response, IItemStore store, CancellationToken cancellationToken)
    {
        if (ItemRequest.CheckId(id) is { } invalid)
        {
            return invalid;
        }

        var item = await store.GetAsync(id, cancellationToken);
        if (item is null)
        {
            return Problems.NotFound(id);
        }

        var etag = ItemRequest.ETag(item.Version);
        response.Headers.ETag = etag;
        return request.Headers.IfNoneMatch == etag ? TypedResults.StatusCode(StatusCodes.Status304NotModified) : TypedResults.Ok(item);
    }

    private static async Task<Results<Ok<Item>, ProblemHttpResult>> UpdateAsync(
        string id, HttpRequest request, HttpResponse response, IItemStore store, CancellationToken cancellationToken)
    {
        if (ItemRequest.CheckId(id) is { } invalid)
        {
            return invalid;
        }

        var (present, version, ifMatchProblem) = ItemRequest.ReadIfMatch(request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        if (!present)
        {
            return Problems.IfMatchRequired();
        }

        var (draft, problem) = await ItemRequest.ReadDraftAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var result = await store.UpdateAsync(id, version, draft!, cancellationToken);
        switch (result.Status)
        {
            case WriteStatus.Done:
                response.Headers.ETag = ItemRequest.ETag(result.Item!.Version);
                return TypedResults.Ok(result.Item);
            case WriteStatus.NotFound:
                return Problems.NotFound(id);
            default:
                return Problems.Stale();
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string id, HttpRequest request, IItemStore store, CancellationToken cancellationToken)
    {
        if (ItemRequest.CheckId(id) is { } invalid)
        {
            return invalid;
        }

        var (_, version, ifMatchProblem) = ItemRequest.ReadIfMatch(request);
        if (ifMatchProblem is not null)
        {
            return ifMatchProblem;
        }

        var result = await store.DeleteAsync(id, version, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Done => TypedResults.NoContent(),
            WriteStatus.NotFound => Problems.NotFound(id),
            _ => Problems.Stale(),
        };
    }
}

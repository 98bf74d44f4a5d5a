using Microsoft.AspNetCore.Http.HttpResults;
using Switchyard.Storage;

namespace Switchyard.Items;

/// <summary>JSON CRUD under /api/items. Versions travel as ETags; updates need If-Match (see <see cref="ItemPreconditions"/>).</summary>
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

        var (preconditions, preconditionProblem) = ItemPreconditions.Read(request);
        if (preconditionProblem is not null)
        {
            return preconditionProblem;
        }

        var item = await store.GetAsync(id, cancellationToken);
        if (item is null)
        {
            return Problems.NotFound(id);
        }

        response.Headers.ETag = ItemRequest.ETag(item.Version);
        return preconditions!.Evaluate(item, isRead: true) switch
        {
            PreconditionOutcome.NotModified => TypedResults.StatusCode(StatusCodes.Status304NotModified),
            PreconditionOutcome.Failed => Problems.Stale(),
            _ => TypedResults.Ok(item),
        };
    }

    private static async Task<Results<Ok<Item>, ProblemHttpResult>> UpdateAsync(
        string id, HttpRequest request, HttpResponse response, IItemStore store, CancellationToken cancellationToken)
    {
        if (ItemRequest.CheckId(id) is { } invalid)
        {
            return invalid;
        }

        var (preconditions, preconditionProblem) = ItemPreconditions.Read(request);
        if (preconditionProblem is not null)
        {
            return preconditionProblem;
        }

        if (!preconditions!.HasIfMatch)
        {
            return Problems.IfMatchRequired();
        }

        var (draft, problem) = await ItemRequest.ReadDraftAsync(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var (version, refused) = await preconditions.ResolveWriteAsync(id, store, cancellationToken);
        var result = refused is { } status ? new WriteResult(status) : await store.UpdateAsync(id, version, draft!, cancellationToken);
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

        var (preconditions, preconditionProblem) = ItemPreconditions.Read(request);
        if (preconditionProblem is not null)
        {
            return preconditionProblem;
        }

        var (version, refused) = await preconditions!.ResolveWriteAsync(id, store, cancellationToken);
        var result = refused is { } status ? new WriteResult(status) : await store.DeleteAsync(id, version, cancellationToken);
        return result.Status switch
        {
            WriteStatus.Done => TypedResults.NoContent(),
            WriteStatus.NotFound => Problems.NotFound(id),
            _ => Problems.Stale(),
        };
    }
}

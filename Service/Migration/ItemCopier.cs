using Switchyard.Items;
using Switchyard.Storage;

namespace Switchyard.Migration;

/// <summary>How far a copy has come: items written, and items the target held already (left untouched).</summary>
public readonly record struct CopyProgress(long Copied, long SkippedExisting)
{
    public long Seen => Copied + SkippedExisting;
}

/// <summary>
/// The copy engine of a store switch, an import and a restore: batches of whole items go into the
/// target put-if-absent, so a rerun, a copy restarted half-way or several copiers at once never
/// duplicate or overwrite an item. Memory holds two batches at most: the one being written and the
/// next one, read meanwhile.
/// </summary>
public static class ItemCopier
{
    /// <summary>Items read and written per round trip, unless told otherwise.</summary>
    public const int DefaultBatchSize = 500;

    public static async Task<CopyProgress> CopyAsync(
        IAsyncEnumerable<IReadOnlyList<Item>> batches, IItemImport target, Action<CopyProgress>? onProgress, CancellationToken cancellationToken)
    {
        var progress = new CopyProgress(0, 0);
        await using var reader = batches.GetAsyncEnumerator(cancellationToken);
        var next = reader.MoveNextAsync().AsTask();
        while (await next)
        {
            var batch = reader.Current;
            next = reader.MoveNextAsync().AsTask();
            try
            {
                var written = batch.Count == 0 ? 0 : await target.PutIfAbsentAsync(batch, cancellationToken);
                progress = new CopyProgress(progress.Copied + written, progress.SkippedExisting + batch.Count - written);
            }
            catch
            {
                // The read ahead must not outlive the copy, nor its failure go unobserved.
                await Task.WhenAny(next);
                _ = next.Exception;
                throw;
            }

            onProgress?.Invoke(progress);
        }

        return progress;
    }

    /// <summary>Every item of <paramref name="source"/>, a listing page of <paramref name="batchSize"/> at a time.</summary>
    public static async IAsyncEnumerable<IReadOnlyList<Item>> ReadAllAsync(
        IItemStore source, int batchSize = DefaultBatchSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? cursor = null;
        do
        {
            var page = await source.ListAsync(batchSize, cursor, cancellationToken);
            yield return page.Items;
            cursor = page.ContinueAfterId;
        }
        while (cursor is not null);
    }
}

using Switchyard.Items;

namespace Switchyard.Storage;

/// <summary>
/// The port every store implements. Ids are generated here, not by the store;
/// versions are checked by the store atomically with the write.
/// Store failures surface as <see cref="StoreUnavailableException"/>.
/// </summary>
public interface IItemStore
{
    Task<Item> CreateAsync(ItemDraft draft, CancellationToken cancellationToken);

    Task<Item?> GetAsync(string id, CancellationToken cancellationToken);

    /// <summary>Every item appears exactly once across a full listing; the order is not part of the contract.</summary>
    Task<ItemPage> ListAsync(int limit, string? cursorId, CancellationToken cancellationToken);

    /// <summary>Replaces name and notes when <paramref name="expectedVersion"/> is null or matches.</summary>
    Task<WriteResult> UpdateAsync(string id, long? expectedVersion, ItemDraft draft, CancellationToken cancellationToken);

    /// <summary>Deletes when <paramref name="expectedVersion"/> is null or matches.</summary>
    Task<WriteResult> DeleteAsync(string id, long? expectedVersion, CancellationToken cancellationToken);
}

public enum WriteStatus
{
    Done,
    NotFound,
    VersionConflict,
}

/// <summary>The outcome of a conditional write; <see cref="Item"/> is the new item after an update.</summary>
public readonly record struct WriteResult(WriteStatus Status, Item? Item = null)
{
    public static WriteResult NotFound => new(WriteStatus.NotFound);

    public static WriteResult Conflict => new(WriteStatus.VersionConflict);
}

/// <summary>The store could not be reached or did not answer in time; the API answers 503.</summary>
public sealed class StoreUnavailableException(string message, Exception innerException)
    : Exception(message, innerException);

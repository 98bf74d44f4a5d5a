using Switchyard.Items;
using Switchyard.Storage;

namespace Switchyard.Migration;

/// <summary>
/// The <see cref="IItemStore"/> the API uses during a store switch: until the copy is complete, reads
/// come from the source and writes are refused (<see cref="StoreSwitchInProgressException"/>, so
/// neither store changes); from then on everything goes to the target and the source is never read again.
/// </summary>
public sealed class SwitchingItemStore(
    StoreSwitchState state,
    [FromKeyedServices(StoreSwitchRegistration.Source)] OpenedStore source,
    [FromKeyedServices(StoreRegistration.Target)] IItemStore target,
    Microsoft.Extensions.Options.IOptions<StoreSwitchOptions> options)
    : IItemStore
{
    public async Task<Item> CreateAsync(ItemDraft draft, CancellationToken cancellationToken) =>
        await (await WritableAsync(cancellationToken)).CreateAsync(draft, cancellationToken);

    public async Task<Item?> GetAsync(string id, CancellationToken cancellationToken) =>
        await (await ReadableAsync(cancellationToken)).GetAsync(id, cancellationToken);

    public async Task<ItemPage> ListAsync(int limit, string? cursorId, CancellationToken cancellationToken) =>
        await (await ReadableAsync(cancellationToken)).ListAsync(limit, cursorId, cancellationToken);

    public async Task<WriteResult> UpdateAsync(string id, long? expectedVersion, ItemDraft draft, CancellationToken cancellationToken) =>
        await (await WritableAsync(cancellationToken)).UpdateAsync(id, expectedVersion, draft, cancellationToken);

    public async Task<WriteResult> DeleteAsync(string id, long? expectedVersion, CancellationToken cancellationToken) =>
        await (await WritableAsync(cancellationToken)).DeleteAsync(id, expectedVersion, cancellationToken);

    private async ValueTask<IItemStore> ReadableAsync(CancellationToken cancellationToken) =>
        await state.IsCompleteAsync(cancellationToken) ? target : source.Store;

    private async ValueTask<IItemStore> WritableAsync(CancellationToken cancellationToken) =>
        await state.IsCompleteAsync(cancellationToken) ? target : throw new StoreSwitchInProgressException(options.Value.PollSeconds);
}

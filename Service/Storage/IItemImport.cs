using Switchyard.Items;

namespace Switchyard.Storage;

/// <summary>
/// The write a store switch, a restore and an import need, kept out of <see cref="IItemStore"/>:
/// items arrive whole (id, version and timestamps included) and are stored as given, unless
/// an item with the same id is stored already, which is then left exactly as it is.
/// </summary>
public interface IItemImport
{
    /// <returns>How many of <paramref name="items"/> were written; the rest were there already.</returns>
    Task<int> PutIfAbsentAsync(IReadOnlyList<Item> items, CancellationToken cancellationToken);
}

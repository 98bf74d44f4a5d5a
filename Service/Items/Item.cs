namespace Switchyard.Items;

/// <summary>A stored item. <see cref="Version"/> starts at 1 and grows by one on every update; it is the ETag.</summary>
public sealed record Item(
    string Id,
    string Name,
    string? Notes,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>What a client sends to create or replace an item; everything else is the server's.</summary>
public sealed record ItemDraft(string Name, string? Notes);

/// <summary>
/// One page of a listing. <see cref="ContinueAfterId"/> is where the next page starts
/// (the API turns it into an opaque cursor); null when the listing is complete.
/// </summary>
public sealed record ItemPage(IReadOnlyList<Item> Items, string? ContinueAfterId);

/// <summary>The limits every store and the API agree on.</summary>
public static class ItemLimits
{
    public const int MaxNameLength = 200;
    public const int MaxNotesLength = 2000;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 100;
    public const int MaxBodyBytes = 64 * 1024;
}

namespace Switchyard.Items;

/// <summary>
/// Where the page is in the listing, carried in its own links: the cursor of this page (none on
/// the first) and the cursors of the pages before it, so that "Previous" needs no server state. The
/// stores only page forward; the trail remembers at most <see cref="MaxDepth"/> pages back, and
/// Previous from deeper than that returns to the first page.
/// </summary>
internal sealed record PageTrail(string? Cursor, IReadOnlyList<string> Before)
{
    public const int MaxDepth = 50;

    private const char Separator = '.';

    public static PageTrail First { get; } = new(null, []);

    /// <summary>Reads the <c>cursor</c> and <c>trail</c> query values; false when either is not one this page issued.</summary>
    public static bool TryRead(string? cursor, string? trail, out PageTrail page)
    {
        page = First;
        if (cursor is not null && !ItemId.TryParseCursor(cursor, out _))
        {
            return false;
        }

        var before = string.IsNullOrEmpty(trail) ? [] : trail.Split(Separator);
        if (before.Length > MaxDepth || (before.Length > 0 && cursor is null) || before.Any(c => !ItemId.TryParseCursor(c, out _)))
        {
            return false;
        }

        page = new PageTrail(cursor, before);
        return true;
    }

    /// <summary>The link to the page that starts after <paramref name="nextCursor"/>.</summary>
    public string NextLink(string nextCursor)
    {
        var before = Cursor is null ? Before : [.. Before, Cursor];
        return Link(nextCursor, before.Count > MaxDepth ? before.Skip(before.Count - MaxDepth).ToList() : before);
    }

    /// <summary>The link to the page before this one; null on the first page.</summary>
    public string? PreviousLink() => Cursor is null ? null
        : Before.Count == 0 ? "/"
        : Link(Before[^1], Before.Take(Before.Count - 1).ToList());

    private static string Link(string cursor, IReadOnlyList<string> before) =>
        before.Count == 0 ? $"/?cursor={cursor}" : $"/?cursor={cursor}&trail={string.Join(Separator, before)}";
}

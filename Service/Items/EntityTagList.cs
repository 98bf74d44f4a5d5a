using Microsoft.Extensions.Primitives;

namespace Switchyard.Items;

/// <summary>One entity tag: <see cref="OpaqueTag"/> keeps its quotes (<c>"3"</c>), <see cref="IsWeak"/> says it came with <c>W/</c>.</summary>
internal readonly record struct EntityTag(string OpaqueTag, bool IsWeak);

/// <summary>
/// The value of an If-Match or If-None-Match field (RFC 9110 §13.1.1, §13.1.2):
/// <c>"*"</c> or a comma-separated list of entity tags (<c>entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE</c>).
/// ASP.NET's <c>EntityTagHeaderValue.TryParseStrictList</c> is laxer than that grammar — it accepts <c>*</c>
/// inside a list, a lowercase <c>w/</c> and space after <c>W/</c> — so the few rules are written here.
/// </summary>
internal sealed class EntityTagList
{
    private EntityTagList(bool isAny, IReadOnlyList<EntityTag> tags)
    {
        IsAny = isAny;
        Tags = tags;
    }

    /// <summary>The field was <c>*</c>: any current representation matches.</summary>
    public bool IsAny { get; }

    /// <summary>The tags listed (none for <c>*</c>; an empty list is valid and matches nothing).</summary>
    public IReadOnlyList<EntityTag> Tags { get; }

    /// <summary>Strong comparison (§8.8.3.2), as If-Match uses: a weak tag never matches.</summary>
    public bool MatchesStrongly(string currentETag) =>
        IsAny || Tags.Any(tag => !tag.IsWeak && tag.OpaqueTag.Equals(currentETag, StringComparison.Ordinal));

    /// <summary>Weak comparison, as If-None-Match uses: <c>W/"3"</c> matches <c>"3"</c>.</summary>
    public bool MatchesWeakly(string currentETag) =>
        IsAny || Tags.Any(tag => tag.OpaqueTag.Equals(currentETag, StringComparison.Ordinal));

    /// <summary>
    /// Reads every line of the field as one list (RFC 9110 §5.3 joins repeated lines with commas).
    /// </summary>
    /// <returns>False when the field is not <c>*</c> or a valid entity-tag list; <paramref name="list"/> is null when the field is absent.</returns>
    public static bool TryParse(StringValues field, out EntityTagList? list)
    {
        list = null;
        if (field.Count == 0)
        {
            return true;
        }

        var value = string.Join(',', field.ToArray()).AsSpan().Trim(" \t");
        if (value is "*")
        {
            list = new EntityTagList(isAny: true, []);
            return true;
        }

        var tags = new List<EntityTag>();
        var rest = value;
        while (true)
        {
            rest = rest.TrimStart(" \t");
            if (rest.IsEmpty)
            {
                break;
            }

            if (rest[0] != ',')
            {
                if (!TryReadTag(ref rest, out var tag))
                {
                    return false;
                }

                tags.Add(tag);
                rest = rest.TrimStart(" \t");
                if (rest.IsEmpty)
                {
                    break;
                }

                if (rest[0] != ',')
                {
                    return false;
                }
            }

            // Empty list elements ("a, , b") are allowed and ignored (§5.6.1.2).
            rest = rest[1..];
        }

        list = new EntityTagList(isAny: false, tags);
        return true;
    }

    private static bool TryReadTag(ref ReadOnlySpan<char> text, out EntityTag tag)
    {
        tag = default;
        var weak = text.StartsWith("W/", StringComparison.Ordinal);
        var quoted = weak ? text[2..] : text;
        if (quoted.IsEmpty || quoted[0] != '"')
        {
            return false;
        }

        var close = quoted[1..].IndexOf('"');
        if (close < 0)
        {
            return false;
        }

        var opaque = quoted[..(close + 2)];
        foreach (var c in opaque[1..^1])
        {
            if (!IsEtagChar(c))
            {
                return false;
            }
        }

        tag = new EntityTag(opaque.ToString(), weak);
        text = quoted[(close + 2)..];
        return true;
    }

    /// <summary><c>etagc = %x21 / %x23-7E / obs-text</c>: visible characters but the double quote, no space.</summary>
    private static bool IsEtagChar(char c) => c is '\x21' or (>= '\x23' and <= '\x7E') or (>= '\x80' and <= '\xFF');
}

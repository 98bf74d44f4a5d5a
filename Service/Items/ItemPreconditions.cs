using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using Switchyard.Storage;

namespace Switchyard.Items;

/// <summary>What a precondition says about a request once judged against the current item.</summary>
internal enum PreconditionOutcome
{
    Passed,

    /// <summary>A GET whose If-None-Match matched: 304.</summary>
    NotModified,

    /// <summary>412.</summary>
    Failed,
}

/// <summary>
/// The If-Match and If-None-Match of one request (RFC 9110 §13.1), read once and judged in the
/// order of §13.2.2: If-Match first (strong comparison), then If-None-Match (weak comparison).
/// Preconditions are judged only when the item exists, so an unknown id stays 404 (§13.2.1).
/// </summary>
internal sealed class ItemPreconditions
{
    private readonly EntityTagList? _ifMatch;
    private readonly EntityTagList? _ifNoneMatch;

    private ItemPreconditions(EntityTagList? ifMatch, EntityTagList? ifNoneMatch)
    {
        _ifMatch = ifMatch;
        _ifNoneMatch = ifNoneMatch;
    }

    public bool HasIfMatch => _ifMatch is not null;

    /// <summary>Reads both fields; a field that is not <c>*</c> or an entity-tag list is a 400 naming it.</summary>
    public static (ItemPreconditions? Preconditions, ProblemHttpResult? Problem) Read(HttpRequest request)
    {
        if (!EntityTagList.TryParse(request.Headers.IfMatch, out var ifMatch))
        {
            return (null, Invalid(HeaderNames.IfMatch));
        }

        if (!EntityTagList.TryParse(request.Headers.IfNoneMatch, out var ifNoneMatch))
        {
            return (null, Invalid(HeaderNames.IfNoneMatch));
        }

        return (new ItemPreconditions(ifMatch, ifNoneMatch), null);
    }

    public PreconditionOutcome Evaluate(Item current, bool isRead)
    {
        var etag = ItemRequest.ETag(current.Version);
        if (_ifMatch is not null && !_ifMatch.MatchesStrongly(etag))
        {
            return PreconditionOutcome.Failed;
        }

        if (_ifNoneMatch is not null && _ifNoneMatch.MatchesWeakly(etag))
        {
            return isRead ? PreconditionOutcome.NotModified : PreconditionOutcome.Failed;
        }

        return PreconditionOutcome.Passed;
    }

    /// <summary>
    /// The version a write must find, so that the store checks it atomically with the write
    /// (null: any version). One strong tag this service issues goes to the store as it is; any
    /// other precondition is judged against the item as read now, and the write then requires
    /// the version it was judged on. <paramref name="Outcome"/> is set when the write must not happen.
    /// </summary>
    public async Task<(long? ExpectedVersion, WriteStatus? Outcome)> ResolveWriteAsync(string id, IItemStore store, CancellationToken cancellationToken)
    {
        if (_ifNoneMatch is null)
        {
            if (_ifMatch is null || _ifMatch.IsAny)
            {
                return (null, null);
            }

            if (_ifMatch.Tags is [{ IsWeak: false } only] && ItemRequest.TryReadVersion(only.OpaqueTag, out var version))
            {
                return (version, null);
            }
        }

        var current = await store.GetAsync(id, cancellationToken);
        if (current is null)
        {
            return (null, WriteStatus.NotFound);
        }

        return Evaluate(current, isRead: false) == PreconditionOutcome.Passed
            ? (current.Version, null)
            : (null, WriteStatus.VersionConflict);
    }

    private static ProblemHttpResult Invalid(string header) => Problems.Invalid(header,
        $"{header} must be * or a comma-separated list of entity tags, such as \"3\" or W/\"3\", \"4\".");
}

namespace Switchyard.Storage;

/// <summary>
/// What the target store of a store switch keeps about the copy, apart from the items (a table of
/// its own, or records no item id can match): who copies, until when its lease holds, and whether
/// the copy is complete. Every change is one conditional write, so instances never disagree.
/// </summary>
public interface IStoreSwitchLedger
{
    Task<StoreSwitchRecord?> ReadAsync(string source, CancellationToken cancellationToken);

    /// <summary>
    /// Takes or renews the copier's lease: succeeds when the copy is not complete and nobody holds
    /// the lease, its holder's lease has expired (at <paramref name="now"/>), or <paramref name="copier"/> holds it.
    /// </summary>
    Task<bool> TryHoldLeaseAsync(string source, string copier, DateTimeOffset now, DateTimeOffset until, long copied, CancellationToken cancellationToken);

    /// <summary>Records the copy complete; a second call changes nothing.</summary>
    Task MarkCompleteAsync(string source, DateTimeOffset at, long copied, CancellationToken cancellationToken);
}

/// <summary>The ledger's record of one switch, from the source named <see cref="Source"/>.</summary>
public sealed record StoreSwitchRecord(string Source, string Copier, DateTimeOffset LeaseExpiresAt, long Copied, DateTimeOffset? CompletedAt)
{
    public bool IsComplete => CompletedAt is not null;
}

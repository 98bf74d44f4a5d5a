using System.ComponentModel.DataAnnotations;

namespace Switchyard.Migration;

/// <summary>The <c>Migration</c> section's timing (<c>Migration__PollSeconds</c>, <c>Migration__LeaseSeconds</c>); the defaults suit deployments.</summary>
public sealed class StoreSwitchOptions
{
    public const string Section = "Migration";

    /// <summary>The source store's settings, as <c>Store</c> holds the service's own.</summary>
    public const string SourceSection = "Migration:Source";

    /// <summary>How often an instance that does not copy asks the ledger whether the copy is complete; also the 503s' Retry-After.</summary>
    [Range(1, 300, ErrorMessage = "Migration__PollSeconds must be between 1 and 300.")]
    public int PollSeconds { get; set; } = 5;

    /// <summary>How long a copier's lease holds without renewal: how soon another instance resumes the copy of one that died.</summary>
    [Range(3, 600, ErrorMessage = "Migration__LeaseSeconds must be between 3 and 600.")]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>
    /// How long after its start an instance waits before it copies. In a rolling deployment the
    /// previous deployment's instances still write to the source until they are drained (ECS: the
    /// new task turns healthy, then 30 s of deregistration); a copy that began before their last
    /// write would miss it. Reads are served from the source meanwhile.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Migration__SettleSeconds must be between 0 and 3600.")]
    public int SettleSeconds { get; set; } = 90;

    /// <summary>Items per read and write of the copy; smaller batches load a busy source store less.</summary>
    [Range(1, 1000, ErrorMessage = "Migration__BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = ItemCopier.DefaultBatchSize;
}

namespace Switchyard.Infra.Operations;

/// <summary>When an alarm fires; read from the stack's <c>switchyard:alarm…</c> keys.</summary>
public sealed record AlarmThresholds
{
    /// <summary>Share of requests answered 5xx over five minutes, in percent.</summary>
    public required double ErrorPercent { get; init; }

    /// <summary>p99 response time, in milliseconds.</summary>
    public required double LatencyMs { get; init; }

    public required double CpuPercent { get; init; }
    public required double MemoryPercent { get; init; }

    /// <summary>Open connections as a share of the database's <c>max_connections</c>, in percent.</summary>
    public required double DbConnectionsPercent { get; init; }
    public required double DbFreeStorageGb { get; init; }
    public required double DbFreeableMemoryMb { get; init; }
}

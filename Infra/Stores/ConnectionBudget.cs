using System.Collections.ObjectModel;
using Pulumi;

namespace Switchyard.Infra.Stores;

/// <summary>
/// How many PostgreSQL connections one service instance may open. RDS sets
/// <c>max_connections = LEAST(DBInstanceClassMemory / 9531392, 5000)</c>; the budget left after a
/// reserve is shared by every instance, counted as often as the compute's deployments can run
/// them at once (<see cref="Architecture.DeploymentOverlap"/>): every compute here starts the new
/// instances before it stops the old ones.
/// </summary>
public static class ConnectionBudget
{
    /// <summary>Bytes of instance memory per connection in the RDS PostgreSQL default.</summary>
    public const long BytesPerConnection = 9_531_392;

    /// <summary>RDS PostgreSQL never defaults above this.</summary>
    public const int MaxConnectionsCeiling = 5000;

    /// <summary>
    /// DBInstanceClassMemory is what is left after the OS and RDS processes take theirs; counting
    /// three quarters of the nominal memory keeps the estimate on the safe side.
    /// </summary>
    public const double UsableMemoryFraction = 0.75;

    /// <summary>Connections kept free for RDS's own superuser slots and an operator's psql session.</summary>
    public const int Reserve = 10;

    /// <summary>Below this a pool starves under ordinary load; fail instead of deploying it.</summary>
    public const int MinimumPoolSize = 5;

    /// <summary>Npgsql's own default; more per instance buys nothing at this service's size.</summary>
    public const int MaximumPoolSize = 100;

    /// <summary>Nominal memory (GiB) of the instance classes this estimate knows.</summary>
    public static ReadOnlyDictionary<string, int> KnownClassMemoryGiB { get; } = new(new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["db.t3.micro"] = 1,
        ["db.t3.small"] = 2,
        ["db.t3.medium"] = 4,
        ["db.t4g.micro"] = 1,
        ["db.t4g.small"] = 2,
        ["db.t4g.medium"] = 4,
        ["db.t4g.large"] = 8,
        ["db.m6g.large"] = 8,
        ["db.m6g.xlarge"] = 16,
        ["db.m7g.large"] = 8,
        ["db.m7g.xlarge"] = 16,
        ["db.m7g.2xlarge"] = 32,
        ["db.r6g.large"] = 16,
        ["db.r7g.large"] = 16,
        ["db.r7g.xlarge"] = 32,
    });

    /// <summary>The max_connections RDS derives for <paramref name="instanceClass"/>.</summary>
    public static int DefaultMaxConnections(string instanceClass)
    {
        if (!KnownClassMemoryGiB.TryGetValue(instanceClass, out var gib))
        {
            throw new RunException(
                $"switchyard:dbInstanceClass '{instanceClass}' has no known memory size, so its connection budget cannot be derived. "
                + $"Known classes: {string.Join(", ", KnownClassMemoryGiB.Keys)}. "
                + "Either pick one of them or set switchyard:dbMaxConnections to the class's max_connections.");
        }

        var usableBytes = gib * 1024L * 1024L * 1024L * UsableMemoryFraction;
        return (int)Math.Min(usableBytes / BytesPerConnection, MaxConnectionsCeiling);
    }

    /// <summary>
    /// The per-instance pool: (max_connections - reserve) / (maxInstances x deploymentOverlap), capped at
    /// <see cref="MaximumPoolSize"/>. <paramref name="maxConnectionsOverride"/> of 0 means "derive it".
    /// </summary>
    /// <summary>The database's max_connections: the override when set (above 0), else what RDS derives for the class.</summary>
    public static int MaxConnections(string instanceClass, int maxConnectionsOverride) =>
        maxConnectionsOverride > 0 ? maxConnectionsOverride : DefaultMaxConnections(instanceClass);

    public static int PerInstancePoolSize(string instanceClass, int maxConnectionsOverride, int maxInstances, int deploymentOverlap)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInstances, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(deploymentOverlap, 1);
        var maxConnections = MaxConnections(instanceClass, maxConnectionsOverride);
        var budget = maxConnections - Reserve;
        var pool = budget / (maxInstances * deploymentOverlap);
        if (pool < MinimumPoolSize)
        {
            throw new RunException(
                $"The database connection budget is too small: {instanceClass} allows {maxConnections} connections, "
                + $"{budget} after a reserve of {Reserve}, shared by {maxInstances} instances x {deploymentOverlap} during deployments "
                + $"= {pool} per instance; at least {MinimumPoolSize} are needed. "
                + "Use a larger switchyard:dbInstanceClass, fewer switchyard:maxInstances, or set switchyard:dbMaxConnections.");
        }

        return Math.Min(pool, MaximumPoolSize);
    }
}

namespace Switchyard.Infra.Operations;

/// <summary>
/// The line items of the stack under its settings: one compute over one store (and the old store
/// during a store switch), the network the stack owns and what every stack has; a network-only
/// stack pays for its network alone.
/// </summary>
public static class ArchitectureCost
{
    /// <summary>The component of the old store's lines while a store switch copies from it.</summary>
    public const string CopySourceComponent = "copy source";

    public static IReadOnlyList<LineItem> For(StackSettings settings, int alarmCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prices = Prices.For(settings.Region);
        var audience = settings.Audience;
        var network = MonthlyCost.Network(settings, prices, audience);
        if (settings.Architecture is not { } architecture)
        {
            return network;
        }

        IReadOnlyList<LineItem> compute = architecture.Compute switch
        {
            ComputeKind.AppRunner => MonthlyCost.AppRunner(settings, prices, audience),
            ComputeKind.Fargate => MonthlyCost.Fargate(settings, prices, audience),
            ComputeKind.Express => MonthlyCost.Express(settings, prices, audience),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), architecture.Compute, "No cost model for this compute."),
        };
        return
        [
            .. compute,
            .. Store(architecture.Store, settings, prices, audience),
            .. settings.CopyFrom is { } copyFrom
                ? Store(copyFrom, settings, prices, audience).Select(item => item with { Component = CopySourceComponent })
                : [],
            .. network,
            .. MonthlyCost.Operations(settings, prices, audience, alarmCount, WritesAccessLogs(settings)),
        ];
    }

    private static IReadOnlyList<LineItem> Store(StoreKind store, StackSettings settings, Prices prices, Audience audience) => store switch
    {
        StoreKind.Rds => MonthlyCost.Postgres(settings, prices),
        StoreKind.DynamoDb => MonthlyCost.DynamoDb(prices, audience),
        _ => throw new ArgumentOutOfRangeException(nameof(store), store, "No cost model for this store."),
    };

    /// <summary>Only the ALB this program creates (Fargate's) writes access logs to the program's bucket.</summary>
    public static bool WritesAccessLogs(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AccessLogs && settings.Architecture?.Compute == ComputeKind.Fargate;
    }
}

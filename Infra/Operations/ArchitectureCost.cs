namespace Switchyard.Infra.Operations;

/// <summary>The line items of the stack's architecture, one compute over one store, under its settings.</summary>
public static class ArchitectureCost
{
    public static IReadOnlyList<LineItem> For(StackSettings settings, int alarmCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var prices = Prices.For(settings.Region);
        var audience = settings.Audience;
        var architecture = settings.Architecture;
        IReadOnlyList<LineItem> compute = architecture.Compute switch
        {
            ComputeKind.AppRunner => MonthlyCost.AppRunner(settings, prices, audience),
            ComputeKind.Fargate => MonthlyCost.Fargate(settings, prices, audience),
            ComputeKind.Express => MonthlyCost.Express(settings, prices, audience),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), architecture.Compute, "No cost model for this compute."),
        };
        IReadOnlyList<LineItem> store = architecture.Store switch
        {
            StoreKind.Rds => MonthlyCost.Postgres(settings, prices),
            StoreKind.DynamoDb => MonthlyCost.DynamoDb(prices, audience),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), architecture.Store, "No cost model for this store."),
        };
        return
        [
            .. compute,
            .. store,
            .. MonthlyCost.Network(settings, prices, audience),
            .. MonthlyCost.Operations(settings, prices, audience, alarmCount, WritesAccessLogs(settings)),
        ];
    }

    /// <summary>Only the ALB this program creates (Fargate's) writes access logs to the program's bucket.</summary>
    public static bool WritesAccessLogs(StackSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.AccessLogs && settings.Architecture.Compute == ComputeKind.Fargate;
    }
}

namespace Switchyard.Infra.Operations;

/// <summary>The line items of one architecture, <c>&lt;compute&gt;-&lt;store&gt;</c>, under a stack's settings.</summary>
public static class ArchitectureCost
{
    public static IReadOnlyList<LineItem> For(StackSettings settings, string architecture, int alarmCount)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(architecture);
        var prices = Prices.For(settings.Region);
        var audience = settings.Audience;
        var separator = architecture.IndexOf('-', StringComparison.Ordinal);
        var compute = separator < 0 ? architecture : architecture[..separator];
        var store = separator < 0 ? "" : architecture[(separator + 1)..];
        IReadOnlyList<LineItem> computeItems = compute switch
        {
            "apprunner" => MonthlyCost.AppRunner(settings, prices, audience),
            "fargate" => MonthlyCost.EcsBehindLoadBalancer("Fargate", settings, prices, audience),
            "express" => MonthlyCost.EcsBehindLoadBalancer("Express Mode (Fargate)", settings, prices, audience),
            _ => throw new ArgumentException($"No cost model for compute '{compute}'.", nameof(architecture)),
        };
        IReadOnlyList<LineItem> storeItems = store switch
        {
            "rds" => MonthlyCost.Postgres(settings, prices),
            "dynamodb" => MonthlyCost.DynamoDb(prices, audience),
            _ => throw new ArgumentException($"No cost model for store '{store}'.", nameof(architecture)),
        };
        // Only the ALB this program creates (Fargate) writes access logs to the program's bucket.
        var accessLogBucket = settings.AccessLogs && compute == "fargate";
        return
        [
            .. computeItems,
            .. storeItems,
            .. MonthlyCost.Network(settings, prices, audience),
            .. MonthlyCost.Operations(settings, prices, audience, alarmCount, accessLogBucket),
        ];
    }
}

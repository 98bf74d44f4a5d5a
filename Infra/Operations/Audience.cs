using System.Collections.ObjectModel;

namespace Switchyard.Infra.Operations;

/// <summary>
/// What a stack's users make it do in a month: the traffic-dependent half of the cost estimate.
/// Chosen per stack by <c>switchyard:audience</c>; the figures are assumptions, stated once here.
/// </summary>
public sealed record Audience
{
    public required string Name { get; init; }
    public required string Users { get; init; }

    /// <summary>Share of the month App Runner instances are active (serving), not just provisioned.</summary>
    public required double ActiveFraction { get; init; }

    /// <summary>Average ALB load balancer capacity units in use.</summary>
    public required double LoadBalancerCapacityUnits { get; init; }
    public required double DynamoDbMillionWrites { get; init; }
    public required double DynamoDbMillionReads { get; init; }
    public required double StoredGb { get; init; }
    public required double LogGb { get; init; }
    public required double NatGb { get; init; }

    public static Audience Small { get; } = new()
    {
        Name = "small",
        Users = "5-50",
        ActiveFraction = 0.1,
        LoadBalancerCapacityUnits = 0.1,
        DynamoDbMillionWrites = 0.1,
        DynamoDbMillionReads = 1,
        StoredGb = 1,
        LogGb = 1,
        NatGb = 5,
    };

    public static Audience Medium { get; } = new()
    {
        Name = "medium",
        Users = "200-500",
        ActiveFraction = 0.5,
        LoadBalancerCapacityUnits = 1,
        DynamoDbMillionWrites = 5,
        DynamoDbMillionReads = 50,
        StoredGb = 5,
        LogGb = 10,
        NatGb = 50,
    };

    public static ReadOnlyCollection<Audience> All { get; } = new([Small, Medium]);

    public static ReadOnlyCollection<string> Names { get; } = new([.. All.Select(a => a.Name)]);

    public static Audience FromName(string name) =>
        All.SingleOrDefault(a => a.Name == name) ?? throw new ArgumentException($"Unknown audience '{name}'.", nameof(name));
}

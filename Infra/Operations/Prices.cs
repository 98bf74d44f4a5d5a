using System.Collections.ObjectModel;

namespace Switchyard.Infra.Operations;

/// <summary>
/// On-demand list prices in USD, one table per region, with the day they were read. Every cost
/// the program reports comes from here; a region without a table fails the estimate by name.
/// In eu-west-1, db.t4g.medium, DynamoDB storage, CloudWatch, ECR and S3 joined the prices read on
/// <see cref="ReadOn"/> later, as the published list prices: re-read them with the rest.
/// </summary>
public sealed record Prices
{
    public const double HoursPerMonth = 730;

    public required string Region { get; init; }

    /// <summary>The day the prices were read from the AWS pricing pages (ISO 8601).</summary>
    public required string ReadOn { get; init; }

    public required double AppRunnerVcpuHour { get; init; }
    public required double AppRunnerGbHour { get; init; }
    public required double FargateVcpuHour { get; init; }
    public required double FargateGbHour { get; init; }

    /// <summary>RDS PostgreSQL single-AZ hourly price per instance class; Multi-AZ is twice it.</summary>
    public required ReadOnlyDictionary<string, double> RdsPostgresHour { get; init; }

    /// <summary>gp3 per GB-month, per copy (Multi-AZ stores two).</summary>
    public required double RdsGp3GbMonth { get; init; }
    public required double LoadBalancerHour { get; init; }
    public required double LoadBalancerLcuHour { get; init; }
    public required double NatGatewayHour { get; init; }
    public required double NatGatewayGb { get; init; }
    public required double PublicIpv4Hour { get; init; }

    /// <summary>An interface VPC endpoint, per availability zone it has an interface in.</summary>
    public required double InterfaceEndpointHour { get; init; }
    public required double InterfaceEndpointGb { get; init; }
    public required double DynamoDbMillionWrites { get; init; }
    public required double DynamoDbMillionReads { get; init; }
    public required double DynamoDbGbMonth { get; init; }
    public required double SecretMonth { get; init; }
    public required double LogsIngestGb { get; init; }
    public required double LogsStorageGbMonth { get; init; }
    public required double AlarmMonth { get; init; }
    public required double DashboardMonth { get; init; }
    public required double EcrGbMonth { get; init; }
    public required double S3GbMonth { get; init; }

    public static Prices EuWest1 { get; } = new()
    {
        Region = "eu-west-1",
        ReadOn = "2026-11-21",
        AppRunnerVcpuHour = 0.064,
        AppRunnerGbHour = 0.007,
        FargateVcpuHour = 0.04048,
        FargateGbHour = 0.004445,
        RdsPostgresHour = new(new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["db.t4g.micro"] = 0.018,
            ["db.t4g.medium"] = 0.072,
            ["db.m7g.large"] = 0.183,
        }),
        RdsGp3GbMonth = 0.127,
        LoadBalancerHour = 0.0252,
        LoadBalancerLcuHour = 0.008,
        NatGatewayHour = 0.048,
        NatGatewayGb = 0.048,
        PublicIpv4Hour = 0.005,
        InterfaceEndpointHour = 0.011,
        InterfaceEndpointGb = 0.01,
        DynamoDbMillionWrites = 0.7063,
        DynamoDbMillionReads = 0.1413,
        DynamoDbGbMonth = 0.283,
        SecretMonth = 0.40,
        LogsIngestGb = 0.57,
        LogsStorageGbMonth = 0.03,
        AlarmMonth = 0.10,
        DashboardMonth = 3.00,
        EcrGbMonth = 0.10,
        S3GbMonth = 0.023,
    };

    public static ReadOnlyCollection<Prices> Known { get; } = new([EuWest1]);

    public static Prices For(string region) =>
        Known.SingleOrDefault(p => p.Region == region)
        ?? throw new MissingPriceException(
            $"No price table for region '{region}' (known: {string.Join(", ", Known.Select(p => p.Region))}); add one to Infra/Operations/Prices.cs.");

    public double RdsInstanceHour(string instanceClass) =>
        RdsPostgresHour.TryGetValue(instanceClass, out var price)
            ? price
            : throw new MissingPriceException(
                $"No {Region} price for RDS class '{instanceClass}' (known: {string.Join(", ", RdsPostgresHour.Keys)}); add it to Infra/Operations/Prices.cs.");
}

/// <summary>The price table lacks what the stack uses: the estimate cannot be made, the stack still can.</summary>
public sealed class MissingPriceException : Exception
{
    public MissingPriceException()
    {
    }

    public MissingPriceException(string message)
        : base(message)
    {
    }

    public MissingPriceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

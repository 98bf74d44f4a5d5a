using System.Globalization;
using Switchyard.Infra.Network;

namespace Switchyard.Infra.Operations;

/// <summary>One priced part of a stack: what it is, how it was counted, and its USD per month.</summary>
public sealed record LineItem(string Component, string Item, double Usd);

/// <summary>
/// The stack's monthly cost, line by line, from <see cref="Prices"/> and the stack's
/// <see cref="Audience"/>: 730 hours, on-demand, before free tier and taxes. Each compute and store
/// prices itself here, so the estimate follows the same settings the resources are built from.
/// </summary>
public static class MonthlyCost
{
    /// <summary>Bytes of one pushed image, roughly (the ASP.NET runtime image plus the service).</summary>
    public const double ImageGb = 0.1;

    /// <summary>Basic-auth user name and password: one Secrets Manager secret each.</summary>
    public const int AuthSecretCount = 2;

    public static IReadOnlyList<LineItem> AppRunner(StackSettings s, Prices p, Audience a)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(a);
        var (vcpu, gb) = Size(s);
        // Provisioned instances pay for memory all month; vCPU only while active.
        var memory = s.MinInstances * gb * p.AppRunnerGbHour * Prices.HoursPerMonth;
        var cpu = s.MinInstances * vcpu * p.AppRunnerVcpuHour * Prices.HoursPerMonth * a.ActiveFraction;
        return
        [
            new("compute", $"App Runner {s.MinInstances} x {Describe(vcpu, gb)}, memory all month", memory),
            new("compute", $"App Runner vCPU, active {Percent(a.ActiveFraction)} of the month", cpu),
        ];
    }

    /// <summary>Fargate tasks behind the program's ALB; without NAT each task has a public IPv4 address.</summary>
    public static IReadOnlyList<LineItem> Fargate(StackSettings s, Prices p, Audience a)
    {
        ArgumentNullException.ThrowIfNull(s);
        var taskAddresses = s.Nat == NatMode.None ? s.MinInstances : 0;
        return [.. Tasks("Fargate", s, p), .. LoadBalancer(s, p, a, taskAddresses)];
    }

    /// <summary>
    /// Express Mode: Fargate tasks at Fargate prices (no surcharge) behind the ALB it creates; the
    /// interface endpoints its tasks need are <see cref="Network"/>'s.
    /// </summary>
    public static IReadOnlyList<LineItem> Express(StackSettings s, Prices p, Audience a) =>
        [.. Tasks("Express Mode (Fargate)", s, p), .. LoadBalancer(s, p, a, taskAddresses: 0)];

    private static IReadOnlyList<LineItem> Tasks(string label, StackSettings s, Prices p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var (vcpu, gb) = Size(s);
        var tasks = s.MinInstances * ((vcpu * p.FargateVcpuHour) + (gb * p.FargateGbHour)) * Prices.HoursPerMonth;
        return [new("compute", $"{label} {s.MinInstances} x {Describe(vcpu, gb)}", tasks)];
    }

    /// <summary>An internet-facing ALB with one public IPv4 address per availability zone, plus the tasks' own.</summary>
    private static IReadOnlyList<LineItem> LoadBalancer(StackSettings s, Prices p, Audience a, int taskAddresses)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(a);
        var addresses = s.NetworkZones + taskAddresses;
        return
        [
            new("compute", "Application Load Balancer", p.LoadBalancerHour * Prices.HoursPerMonth),
            new("compute", $"ALB capacity, {a.LoadBalancerCapacityUnits.ToString(CultureInfo.InvariantCulture)} LCU average",
                a.LoadBalancerCapacityUnits * p.LoadBalancerLcuHour * Prices.HoursPerMonth),
            new("compute", $"{addresses} public IPv4 addresses ({s.NetworkZones} ALB, {taskAddresses} tasks)",
                addresses * p.PublicIpv4Hour * Prices.HoursPerMonth),
        ];
    }

    public static IReadOnlyList<LineItem> Postgres(StackSettings s, Prices p)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(p);
        var copies = s.DbMultiAz ? 2 : 1;
        var placement = s.DbMultiAz ? "Multi-AZ" : "single-AZ";
        return
        [
            new("store", $"RDS {s.DbInstanceClass} {placement}", copies * p.RdsInstanceHour(s.DbInstanceClass) * Prices.HoursPerMonth),
            new("store", $"RDS gp3 {s.DbAllocatedStorageGb} GB x {copies}", copies * s.DbAllocatedStorageGb * p.RdsGp3GbMonth),
            new("store", "RDS-managed master secret", p.SecretMonth),
        ];
    }

    public static IReadOnlyList<LineItem> DynamoDb(Prices p, Audience a)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(a);
        return
        [
            new("store", $"DynamoDB on demand, {Millions(a.DynamoDbMillionWrites)} writes + {Millions(a.DynamoDbMillionReads)} reads",
                (a.DynamoDbMillionWrites * p.DynamoDbMillionWrites) + (a.DynamoDbMillionReads * p.DynamoDbMillionReads)),
            new("store", $"DynamoDB storage {a.StoredGb.ToString(CultureInfo.InvariantCulture)} GB", a.StoredGb * p.DynamoDbGbMonth),
        ];
    }

    /// <summary>
    /// What the stack's own network costs: NAT gateways only in the VPC it creates, and the
    /// interface endpoints ECR, CloudWatch Logs and Secrets Manager are reached through where this
    /// stack creates them (<see cref="StackSettings.CreatesInterfaceEndpoints"/>). A VPC the stack
    /// does not own is paid for by its owner.
    /// </summary>
    public static IReadOnlyList<LineItem> Network(StackSettings s, Prices p, Audience a)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(a);
        var gateways = !s.OwnsVpc ? 0 : s.Nat switch
        {
            NatMode.OneGateway => 1,
            NatMode.GatewayPerAz => s.AvailabilityZones,
            _ => 0,
        };
        List<LineItem> items = gateways == 0
            ? [new("network", s.OwnsVpc ? "no NAT gateway; S3 and DynamoDB gateway endpoints are free" : "VPC owned elsewhere, no NAT gateway here", 0)]
            :
            [
                new("network", $"{gateways} NAT gateways", gateways * p.NatGatewayHour * Prices.HoursPerMonth),
                new("network", $"NAT data {a.NatGb.ToString(CultureInfo.InvariantCulture)} GB", a.NatGb * p.NatGatewayGb),
            ];
        if (s.CreatesInterfaceEndpoints)
        {
            var endpoints = InterfaceEndpoints.Services.Count;
            items.Add(new("network", $"{endpoints} interface endpoints x {s.InterfaceEndpointZones} AZ",
                endpoints * s.InterfaceEndpointZones * p.InterfaceEndpointHour * Prices.HoursPerMonth));
            items.Add(new("network", $"interface endpoint data {a.LogGb.ToString(CultureInfo.InvariantCulture)} GB (logs)", a.LogGb * p.InterfaceEndpointGb));
        }

        return items;
    }

    /// <summary>What every architecture has: the auth secrets, logs, images, alarms and the dashboard.</summary>
    public static IReadOnlyList<LineItem> Operations(StackSettings s, Prices p, Audience a, int alarmCount, bool accessLogBucket)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(a);
        // Stored logs are at most one retention period's worth of ingestion.
        var storedLogGb = a.LogGb * Math.Min(s.LogRetentionDays / 30.0, 12);
        List<LineItem> items =
        [
            new("operations", $"{AuthSecretCount} basic-auth secrets", AuthSecretCount * p.SecretMonth),
            new("operations", $"CloudWatch Logs {a.LogGb.ToString(CultureInfo.InvariantCulture)} GB ingested, {s.LogRetentionDays} days kept",
                (a.LogGb * p.LogsIngestGb) + (storedLogGb * p.LogsStorageGbMonth)),
            new("operations", $"ECR, {s.ImageRetentionCount} images kept", s.ImageRetentionCount * ImageGb * p.EcrGbMonth),
            new("operations", $"{alarmCount} CloudWatch alarms", alarmCount * p.AlarmMonth),
            new("operations", "CloudWatch dashboard", p.DashboardMonth),
        ];
        if (accessLogBucket)
        {
            items.Add(new("operations", $"ALB access logs in S3, {s.LogRetentionDays} days kept", storedLogGb * p.S3GbMonth));
        }

        return items;
    }

    public static double Total(IEnumerable<LineItem> items) => Math.Round(items.Sum(i => i.Usd), 2);

    /// <summary>"App Runner 1 x 0.25 vCPU / 0.5 GB: 2.56" lines, for <c>pulumi preview</c>.</summary>
    public static string Describe(IReadOnlyList<LineItem> items, Prices p)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(p);
        var lines = items.Select(i => string.Create(CultureInfo.InvariantCulture, $"  {i.Component,-10} {i.Item}: {i.Usd:0.00}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"Estimated monthly cost ≈ {Total(items):0.00} USD ({p.Region} on-demand prices read {p.ReadOn}):{Environment.NewLine}")
            + string.Join(Environment.NewLine, lines);
    }

    private static (double Vcpu, double Gb) Size(StackSettings s) => (s.Cpu / 1024.0, s.Memory / 1024.0);

    private static string Describe(double vcpu, double gb) =>
        string.Create(CultureInfo.InvariantCulture, $"{vcpu} vCPU / {gb} GB");

    private static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0}%");

    private static string Millions(double millions) => string.Create(CultureInfo.InvariantCulture, $"{millions}M");
}

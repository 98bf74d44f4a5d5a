using System.Collections.ObjectModel;
using System.Globalization;
using Pulumi;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra;

/// <summary>NAT gateways for the shared VPC's private subnets.</summary>
public enum NatMode
{
    None,
    OneGateway,
    GatewayPerAz,
}

/// <summary>Where the stack's network comes from.</summary>
public enum NetworkSource
{
    /// <summary>The program creates the shared VPC.</summary>
    Create,

    /// <summary>A VPC the program does not own, named by id with its subnets.</summary>
    Existing,

    /// <summary>Another stack's network, read through a stack reference.</summary>
    Stack,
}

/// <summary>
/// The stack's configuration, read once and validated before any resource exists. Every
/// problem is reported together, each with the values that would have been accepted, so a
/// bad stack file fails <c>pulumi preview</c> with one readable message.
/// </summary>
public sealed record StackSettings
{
    public const string Namespace = "switchyard";

    /// <summary>Express Mode tasks take at most this much memory (MiB).</summary>
    public const int ExpressMaxMemory = 8192;
    public static ReadOnlyCollection<string> NatModes { get; } = new(["none", "single", "per-az"]);
    public static ReadOnlyCollection<string> NetworkSources { get; } = new(["create", "existing", "stack"]);
    public static ReadOnlyCollection<int> CpuUnits { get; } = new([256, 512, 1024, 2048, 4096]);
    public static ReadOnlyCollection<int> MemoryMiB { get; } = new([512, 1024, 2048, 3072, 4096, 6144, 8192, 10240, 12288]);
    public static ReadOnlyCollection<int> LogRetentionDaysAllowed { get; } =
        new([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]);

    /// <summary>Defaults for keys a stack may leave out; Pulumi.yaml declares the same values.</summary>
    public static ReadOnlyDictionary<string, string> Defaults { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Keys.AvailabilityZones] = "2",
        [Keys.NatGateways] = "none",
        [Keys.Cpu] = "256",
        [Keys.Memory] = "512",
        [Keys.MinInstances] = "1",
        [Keys.MaxInstances] = "2",
        [Keys.MaxConcurrency] = "100",
        [Keys.CpuTargetPercent] = "60",
        [Keys.RequestsPerTarget] = "1000",
        [Keys.DbInstanceClass] = "db.t4g.micro",
        [Keys.DbEngineVersion] = "16",
        [Keys.DbAllocatedStorageGb] = "20",
        [Keys.DbMultiAz] = "false",
        [Keys.DbBackupRetentionDays] = "1",
        [Keys.DbMaxConnections] = "0",
        [Keys.DeletionProtection] = "false",
        [Keys.FinalSnapshot] = "false",
        [Keys.PointInTimeRecovery] = "false",
        [Keys.LogRetentionDays] = "7",
        [Keys.ImageRetentionCount] = "10",
        [Keys.CertificateArn] = "",
        [Keys.BasicAuthUsername] = "switchyard",
        [Keys.Audience] = "small",
        [Keys.AlarmEmail] = "",
        [Keys.AlarmErrorPercent] = "5",
        [Keys.AlarmLatencyMs] = "1000",
        [Keys.AlarmCpuPercent] = "80",
        [Keys.AlarmMemoryPercent] = "80",
        [Keys.AlarmDbConnectionsPercent] = "80",
        [Keys.AlarmDbFreeStorageGb] = "2",
        [Keys.AlarmDbFreeableMemoryMb] = "64",
        [Keys.AccessLogs] = "false",
        [Keys.Network] = "create",
        [Keys.VpcId] = "",
        [Keys.PublicSubnetIds] = "",
        [Keys.PrivateSubnetIds] = "",
        [Keys.AddGatewayEndpoints] = "false",
        [Keys.NetworkStack] = "",
        [Keys.NetworkOnly] = "false",
        [Keys.CopyFrom] = "",
        [Keys.InterfaceEndpointZones] = "all",
    });

    /// <summary>The compute and store; null only on a network-only stack.</summary>
    public required Architecture? Architecture { get; init; }

    /// <summary>
    /// During a store switch (phase 1), the store the stack used before: kept as it was and
    /// handed to the service as the source to copy from. Null otherwise.
    /// </summary>
    public required StoreKind? CopyFrom { get; init; }

    public required NetworkSource Network { get; init; }

    /// <summary>The existing VPC (<see cref="NetworkSource.Existing"/>); empty otherwise.</summary>
    public required string VpcId { get; init; }
    public required IReadOnlyList<string> PublicSubnetIds { get; init; }
    public required IReadOnlyList<string> PrivateSubnetIds { get; init; }

    /// <summary>Add the S3 and DynamoDB gateway endpoints to an existing VPC (it may have them already).</summary>
    public required bool AddGatewayEndpoints { get; init; }

    /// <summary>The stack whose network outputs this stack uses (<c>org/project/stack</c>).</summary>
    public required string NetworkStack { get; init; }

    /// <summary>The stack creates the network and nothing else, for other stacks to share.</summary>
    public required bool NetworkOnly { get; init; }
    public required string Region { get; init; }
    public required int AvailabilityZones { get; init; }
    public required NatMode Nat { get; init; }
    public required int Cpu { get; init; }
    public required int Memory { get; init; }
    public required int MinInstances { get; init; }
    public required int MaxInstances { get; init; }
    public required int MaxConcurrency { get; init; }
    public required int CpuTargetPercent { get; init; }
    public required int RequestsPerTarget { get; init; }
    public required string DbInstanceClass { get; init; }
    public required string DbEngineVersion { get; init; }
    public required int DbAllocatedStorageGb { get; init; }
    public required bool DbMultiAz { get; init; }
    public required int DbBackupRetentionDays { get; init; }
    public required int DbMaxConnections { get; init; }

    /// <summary>Connections one service instance may open; 0 unless the store is PostgreSQL.</summary>
    public required int PostgresPoolSize { get; init; }
    public required bool DeletionProtection { get; init; }
    public required bool FinalSnapshot { get; init; }
    public required bool PointInTimeRecovery { get; init; }
    public required int LogRetentionDays { get; init; }
    public required int ImageRetentionCount { get; init; }
    public required string CertificateArn { get; init; }
    public required string BasicAuthUsername { get; init; }

    /// <summary>Who uses the stack: the traffic half of the cost estimate.</summary>
    public required Audience Audience { get; init; }
    public required string AlarmEmail { get; init; }
    public required AlarmThresholds Alarms { get; init; }

    /// <summary>The program's own ALB writes access logs to an S3 bucket the program creates.</summary>
    public required bool AccessLogs { get; init; }

    /// <summary>
    /// This stack creates the interface endpoints Express tasks reach AWS through (private DNS
    /// allows one set per VPC): a network-only stack always, an Express stack unless its network
    /// comes from a network-only stack, which has them.
    /// </summary>
    public bool CreatesInterfaceEndpoints =>
        NetworkOnly || (Architecture?.Compute == ComputeKind.Express && Network != NetworkSource.Stack);

    /// <summary>
    /// Availability zones that get a network interface of each interface endpoint, where this stack
    /// creates them: every zone of the network, or the first few (cheaper; an outage of those zones
    /// then takes the endpoints from every task).
    /// </summary>
    public required int InterfaceEndpointZones { get; init; }

    /// <summary>This stack owns the VPC, and so its NAT gateways.</summary>
    public bool OwnsVpc => Network == NetworkSource.Create;

    /// <summary>
    /// Availability zones the stack's subnets span: the created VPC's, the existing VPC's public
    /// subnets, or (another stack's network, unknown before it is read) the configured count.
    /// </summary>
    public int NetworkZones => Network == NetworkSource.Existing ? PublicSubnetIds.Count : AvailabilityZones;

    /// <summary>Reads and validates every key; <paramref name="read"/> returns a raw value or null.</summary>
    public static StackSettings Parse(Func<string, string?> read, string region)
    {
        ArgumentNullException.ThrowIfNull(read);
        var reader = new SettingsReader(read);

        var networkOnly = reader.Flag(Keys.NetworkOnly);
        var architecture = networkOnly
            ? reader.Absent(Keys.Architecture, $"a network-only stack ({Namespace}:{Keys.NetworkOnly}: true) runs no architecture")
            : Architecture.FromName(reader.OneOf(Keys.Architecture, Architecture.Names, required: true));
        var network = NetworkSettings.Read(reader, networkOnly);
        var copyFrom = ReadCopyFrom(reader, architecture, networkOnly);
        var minInstances = reader.Integer(Keys.MinInstances, 1, 25);
        var maxInstances = reader.Integer(Keys.MaxInstances, 1, 25);
        if (minInstances > maxInstances)
        {
            reader.Problem($"{Namespace}:{Keys.MinInstances} ({minInstances}) must not exceed {Namespace}:{Keys.MaxInstances} ({maxInstances}).");
        }

        var memory = reader.Member(Keys.Memory, MemoryMiB);
        if (architecture?.Compute == ComputeKind.Express && memory > ExpressMaxMemory)
        {
            reader.Problem($"{Namespace}:{Keys.Memory} must be at most {ExpressMaxMemory} for an Express Mode service, got {memory}.");
        }

        var certificateArn = reader.Text(Keys.CertificateArn);
        if (certificateArn.Length > 0 && !certificateArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            reader.Problem($"{Namespace}:{Keys.CertificateArn} must be an ACM certificate ARN (arn:...) or empty, got '{certificateArn}'.");
        }

        var alarmEmail = reader.Text(Keys.AlarmEmail);
        if (alarmEmail.Length > 0 && !IsEmailAddress(alarmEmail))
        {
            reader.Problem($"{Namespace}:{Keys.AlarmEmail} must be an e-mail address or empty, got '{alarmEmail}'.");
        }

        var settings = new StackSettings
        {
            Architecture = architecture,
            CopyFrom = copyFrom,
            Network = network.Source,
            VpcId = network.VpcId,
            PublicSubnetIds = network.PublicSubnetIds,
            PrivateSubnetIds = network.PrivateSubnetIds,
            AddGatewayEndpoints = network.AddGatewayEndpoints,
            NetworkStack = network.NetworkStack,
            NetworkOnly = networkOnly,
            Region = region,
            AvailabilityZones = reader.Integer(Keys.AvailabilityZones, 2, 6),
            Nat = ToNatMode(reader.OneOf(Keys.NatGateways, NatModes)),
            Cpu = reader.Member(Keys.Cpu, CpuUnits),
            Memory = memory,
            MinInstances = minInstances,
            MaxInstances = maxInstances,
            MaxConcurrency = reader.Integer(Keys.MaxConcurrency, 1, 200),
            CpuTargetPercent = reader.Integer(Keys.CpuTargetPercent, 10, 90),
            RequestsPerTarget = reader.Integer(Keys.RequestsPerTarget, 10, 100_000),
            DbInstanceClass = reader.Text(Keys.DbInstanceClass),
            DbEngineVersion = reader.Text(Keys.DbEngineVersion),
            DbAllocatedStorageGb = reader.Integer(Keys.DbAllocatedStorageGb, 20, 1000),
            DbMultiAz = reader.Flag(Keys.DbMultiAz),
            DbBackupRetentionDays = reader.Integer(Keys.DbBackupRetentionDays, 1, 35),
            DbMaxConnections = reader.Integer(Keys.DbMaxConnections, 0, 5000),
            PostgresPoolSize = 0,
            DeletionProtection = reader.Flag(Keys.DeletionProtection),
            FinalSnapshot = reader.Flag(Keys.FinalSnapshot),
            PointInTimeRecovery = reader.Flag(Keys.PointInTimeRecovery),
            LogRetentionDays = reader.Member(Keys.LogRetentionDays, LogRetentionDaysAllowed),
            ImageRetentionCount = reader.Integer(Keys.ImageRetentionCount, 1, 1000),
            CertificateArn = certificateArn,
            BasicAuthUsername = reader.Text(Keys.BasicAuthUsername),
            Audience = Audience.FromName(reader.OneOf(Keys.Audience, Audience.Names)),
            AlarmEmail = alarmEmail,
            Alarms = new AlarmThresholds
            {
                ErrorPercent = reader.Integer(Keys.AlarmErrorPercent, 1, 100),
                LatencyMs = reader.Integer(Keys.AlarmLatencyMs, 10, 60_000),
                CpuPercent = reader.Integer(Keys.AlarmCpuPercent, 10, 100),
                MemoryPercent = reader.Integer(Keys.AlarmMemoryPercent, 10, 100),
                DbConnectionsPercent = reader.Integer(Keys.AlarmDbConnectionsPercent, 10, 100),
                DbFreeStorageGb = reader.Integer(Keys.AlarmDbFreeStorageGb, 1, 1000),
                DbFreeableMemoryMb = reader.Integer(Keys.AlarmDbFreeableMemoryMb, 16, 65_536),
            },
            AccessLogs = reader.Flag(Keys.AccessLogs),
            InterfaceEndpointZones = 0,
        };
        settings = settings with { InterfaceEndpointZones = ReadInterfaceEndpointZones(reader, settings.NetworkZones) };

        reader.ThrowIfAnyProblem();
        // A source database serves the copy with the same per-instance budget it served the service with.
        return architecture is not null && (architecture.Store == StoreKind.Rds || copyFrom == StoreKind.Rds)
            ? settings with
            {
                PostgresPoolSize = ConnectionBudget.PerInstancePoolSize(
                    settings.DbInstanceClass, settings.DbMaxConnections, settings.MaxInstances, Architecture.DeploymentOverlap(architecture.Compute)),
            }
            : settings;
    }

    /// <summary>
    /// <c>copyFrom</c> is empty, or names the other store: the one the stack used before the
    /// switch. Which store that was cannot be read from the configuration, so the one check
    /// possible is that it is not the store the architecture now names.
    /// </summary>
    private static StoreKind? ReadCopyFrom(SettingsReader reader, Architecture? architecture, bool networkOnly)
    {
        var raw = reader.Text(Keys.CopyFrom).Trim();
        if (raw.Length == 0)
        {
            return null;
        }

        var key = $"{Namespace}:{Keys.CopyFrom}";
        if (!Architecture.Stores.Contains(raw))
        {
            reader.Problem($"{key} must be empty (no store switch) or the store the stack used before the switch: {string.Join(", ", Architecture.Stores)} (got '{raw}').");
            return null;
        }

        var from = Architecture.StoreFromName(raw);
        if (networkOnly)
        {
            reader.Problem($"{key} must not be set ('{raw}'): a network-only stack ({Namespace}:{Keys.NetworkOnly}: true) has no store.");
        }
        else if (architecture is not null && architecture.Store == from)
        {
            reader.Problem($"{key} is '{raw}', the store {Namespace}:{Keys.Architecture} ('{architecture}') already uses; it must name the store the stack "
                + $"used before the switch ({string.Join(" or ", Architecture.Stores.Where(s => s != raw))}), or be removed once the copy is complete: "
                + $"pulumi config rm {key}.");
        }

        return from;
    }

    /// <summary><c>all</c> (every zone of the network), or a count from 1 to the network's zones.</summary>
    private static int ReadInterfaceEndpointZones(SettingsReader reader, int networkZones)
    {
        var raw = reader.Text(Keys.InterfaceEndpointZones).Trim();
        if (raw == "all")
        {
            return networkZones;
        }

        if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var zones) && zones >= 1 && zones <= networkZones)
        {
            return zones;
        }

        reader.Problem($"{Namespace}:{Keys.InterfaceEndpointZones} must be all or an integer from 1 to {networkZones} (the network's availability zones), got '{raw}'.");
        return networkZones;
    }

    /// <summary>One '@' with text on both sides and a dot in the domain: enough to catch a typo, not an RFC 5322 parser.</summary>
    private static bool IsEmailAddress(string value)
    {
        var at = value.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == value.LastIndexOf('@') && value.IndexOf('.', at) > at + 1 && !value.EndsWith('.') && !value.Any(char.IsWhiteSpace);
    }

    private static NatMode ToNatMode(string value) => value switch
    {
        "single" => NatMode.OneGateway,
        "per-az" => NatMode.GatewayPerAz,
        _ => NatMode.None,
    };

    /// <summary>The configuration keys, without the <c>switchyard:</c> namespace.</summary>
    public static class Keys
    {
        public const string Architecture = "architecture";
        public const string AvailabilityZones = "availabilityZones";
        public const string NatGateways = "natGateways";
        public const string Cpu = "cpu";
        public const string Memory = "memory";
        public const string MinInstances = "minInstances";
        public const string MaxInstances = "maxInstances";
        public const string MaxConcurrency = "maxConcurrency";
        public const string CpuTargetPercent = "cpuTargetPercent";
        public const string RequestsPerTarget = "requestsPerTarget";
        public const string DbInstanceClass = "dbInstanceClass";
        public const string DbEngineVersion = "dbEngineVersion";
        public const string DbAllocatedStorageGb = "dbAllocatedStorageGb";
        public const string DbMultiAz = "dbMultiAz";
        public const string DbBackupRetentionDays = "dbBackupRetentionDays";
        public const string DbMaxConnections = "dbMaxConnections";
        public const string DeletionProtection = "deletionProtection";
        public const string FinalSnapshot = "finalSnapshot";
        public const string PointInTimeRecovery = "pointInTimeRecovery";
        public const string LogRetentionDays = "logRetentionDays";
        public const string ImageRetentionCount = "imageRetentionCount";
        public const string CertificateArn = "certificateArn";
        public const string BasicAuthUsername = "basicAuthUsername";
        public const string BasicAuthPassword = "basicAuthPassword";
        public const string Audience = "audience";
        public const string AlarmEmail = "alarmEmail";
        public const string AlarmErrorPercent = "alarmErrorPercent";
        public const string AlarmLatencyMs = "alarmLatencyMs";
        public const string AlarmCpuPercent = "alarmCpuPercent";
        public const string AlarmMemoryPercent = "alarmMemoryPercent";
        public const string AlarmDbConnectionsPercent = "alarmDbConnectionsPercent";
        public const string AlarmDbFreeStorageGb = "alarmDbFreeStorageGb";
        public const string AlarmDbFreeableMemoryMb = "alarmDbFreeableMemoryMb";
        public const string AccessLogs = "accessLogs";
        public const string Network = "network";
        public const string VpcId = "vpcId";
        public const string PublicSubnetIds = "publicSubnetIds";
        public const string PrivateSubnetIds = "privateSubnetIds";
        public const string AddGatewayEndpoints = "addGatewayEndpoints";
        public const string NetworkStack = "networkStack";
        public const string NetworkOnly = "networkOnly";
        public const string CopyFrom = "copyFrom";
        public const string InterfaceEndpointZones = "interfaceEndpointZones";
    }
}

using System.Collections.ObjectModel;
using System.Globalization;
using Pulumi;
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
        [Keys.Network] = "create",
        [Keys.VpcId] = "",
        [Keys.PublicSubnetIds] = "",
        [Keys.PrivateSubnetIds] = "",
        [Keys.AddGatewayEndpoints] = "false",
        [Keys.NetworkStack] = "",
        [Keys.NetworkOnly] = "false",
    });

    /// <summary>The compute and store; null only on a network-only stack.</summary>
    public required Architecture? Architecture { get; init; }

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

    /// <summary>Reads and validates every key; <paramref name="read"/> returns a raw value or null.</summary>
    public static StackSettings Parse(Func<string, string?> read, string region)
    {
        ArgumentNullException.ThrowIfNull(read);
        var reader = new SettingsReader(read);

        var networkOnly = reader.Flag(Keys.NetworkOnly);
        var architecture = networkOnly
            ? reader.Absent(Keys.Architecture, $"a network-only stack ({Namespace}:{Keys.NetworkOnly}: true) runs no architecture")
            : Architecture.FromName(reader.OneOf(Keys.Architecture, Architecture.Names, required: true));
        var network = ReadNetwork(reader, networkOnly);
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

        var settings = new StackSettings
        {
            Architecture = architecture,
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
        };

        reader.ThrowIfAnyProblem();
        return architecture?.Store == StoreKind.Rds
            ? settings with
            {
                PostgresPoolSize = ConnectionBudget.PerInstancePoolSize(
                    settings.DbInstanceClass, settings.DbMaxConnections, settings.MaxInstances, Architecture.DeploymentOverlap(architecture.Compute)),
            }
            : settings;
    }

    private sealed record NetworkChoice(
        NetworkSource Source, string VpcId, IReadOnlyList<string> PublicSubnetIds, IReadOnlyList<string> PrivateSubnetIds,
        bool AddGatewayEndpoints, string NetworkStack);

    private const string NetworkCombinations =
        "create (nothing else; networkOnly allowed), existing (vpcId, publicSubnetIds, privateSubnetIds, optional addGatewayEndpoints), "
        + "stack (networkStack as org/project/stack)";

    /// <summary>The network source and exactly the keys it needs; any other combination is a problem listing the allowed ones.</summary>
    private static NetworkChoice ReadNetwork(SettingsReader reader, bool networkOnly)
    {
        var source = reader.OneOf(Keys.Network, NetworkSources) switch
        {
            "existing" => NetworkSource.Existing,
            "stack" => NetworkSource.Stack,
            _ => NetworkSource.Create,
        };
        var choice = new NetworkChoice(source, reader.Text(Keys.VpcId).Trim(), reader.List(Keys.PublicSubnetIds), reader.List(Keys.PrivateSubnetIds),
            reader.Flag(Keys.AddGatewayEndpoints), reader.Text(Keys.NetworkStack).Trim());
        var wrong = new List<string>();
        var existing = source == NetworkSource.Existing;
        var stack = source == NetworkSource.Stack;
        if (existing != (choice.VpcId.Length > 0) || (existing && !choice.VpcId.StartsWith("vpc-", StringComparison.Ordinal)))
        {
            wrong.Add(existing ? $"{Keys.VpcId} must be a VPC id (vpc-…)" : $"{Keys.VpcId} is only for network: existing");
        }

        foreach (var (key, ids) in new[] { (Keys.PublicSubnetIds, choice.PublicSubnetIds), (Keys.PrivateSubnetIds, choice.PrivateSubnetIds) })
        {
            if (existing && (ids.Count < 2 || ids.Any(id => !id.StartsWith("subnet-", StringComparison.Ordinal))))
            {
                wrong.Add($"{key} must list at least two subnet ids (subnet-…, comma-separated) in two availability zones");
            }
            else if (!existing && ids.Count > 0)
            {
                wrong.Add($"{key} is only for network: existing");
            }
        }

        if (choice.AddGatewayEndpoints && !existing)
        {
            wrong.Add($"{Keys.AddGatewayEndpoints} is only for network: existing (a created VPC always has them)");
        }

        if (stack != (choice.NetworkStack.Length > 0) || (stack && choice.NetworkStack.Split('/').Length != 3))
        {
            wrong.Add(stack ? $"{Keys.NetworkStack} must name a stack as org/project/stack" : $"{Keys.NetworkStack} is only for network: stack");
        }

        if (networkOnly && source != NetworkSource.Create)
        {
            wrong.Add($"{Keys.NetworkOnly} needs network: create (a network-only stack is the one that creates the network)");
        }

        if (wrong.Count > 0)
        {
            reader.Problem($"{Namespace}:{Keys.Network} is '{reader.Text(Keys.Network)}', but {string.Join("; ", wrong)}. Allowed combinations: {NetworkCombinations}.");
        }

        return choice;
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
        public const string Network = "network";
        public const string VpcId = "vpcId";
        public const string PublicSubnetIds = "publicSubnetIds";
        public const string PrivateSubnetIds = "privateSubnetIds";
        public const string AddGatewayEndpoints = "addGatewayEndpoints";
        public const string NetworkStack = "networkStack";
        public const string NetworkOnly = "networkOnly";
    }

    /// <summary>Parses raw values, collecting every problem instead of stopping at the first.</summary>
    private sealed class SettingsReader(Func<string, string?> read)
    {
        private readonly List<string> _problems = [];

        public void Problem(string message) => _problems.Add(message);

        public string Text(string key) => read(key) ?? Defaults.GetValueOrDefault(key, "");

        /// <summary>A comma-separated list (a YAML list set with <c>--path</c> arrives as JSON and is read the same).</summary>
        public IReadOnlyList<string> List(string key) =>
            [.. Text(key).Trim('[', ']').Split(',').Select(item => item.Trim().Trim('"')).Where(item => item.Length > 0)];

        /// <summary>Records a problem when <paramref name="key"/> is set; returns null.</summary>
        public Architecture? Absent(string key, string why)
        {
            if (read(key) is { } value)
            {
                Problem($"{Namespace}:{key} must not be set ('{value}'): {why}.");
            }

            return null;
        }

        public string OneOf(string key, ReadOnlyCollection<string> allowed, bool required = false)
        {
            var raw = read(key) ?? (required ? null : Defaults[key]);
            if (raw is not null && allowed.Contains(raw))
            {
                return raw;
            }

            var got = raw is null ? "it is not set" : $"got '{raw}'";
            Problem($"{Namespace}:{key} must be one of: {string.Join(", ", allowed)} ({got}).");
            return allowed[0];
        }

        public int Integer(string key, int min, int max)
        {
            var raw = Text(key);
            if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            Problem($"{Namespace}:{key} must be an integer from {min} to {max}, got '{raw}'.");
            return min;
        }

        public int Member(string key, ReadOnlyCollection<int> allowed)
        {
            var raw = Text(key);
            if (int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && allowed.Contains(value))
            {
                return value;
            }

            Problem($"{Namespace}:{key} must be one of: {string.Join(", ", allowed)} (got '{raw}').");
            return allowed[0];
        }

        public bool Flag(string key)
        {
            var raw = Text(key);
            if (bool.TryParse(raw, out var value))
            {
                return value;
            }

            Problem($"{Namespace}:{key} must be true or false, got '{raw}'.");
            return false;
        }

        public void ThrowIfAnyProblem()
        {
            if (_problems.Count > 0)
            {
                throw new RunException("Invalid stack configuration:" + Environment.NewLine
                    + string.Join(Environment.NewLine, _problems.Select(p => "  - " + p)));
            }
        }
    }
}

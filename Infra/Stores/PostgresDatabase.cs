using System.Collections.Immutable;
using System.Globalization;
using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Security;
using Ec2 = Pulumi.Aws.Ec2;
using Rds = Pulumi.Aws.Rds;

namespace Switchyard.Infra.Stores;

public sealed class PostgresDatabaseArgs
{
    public required StackSettings Settings { get; init; }
    public required Output<string> VpcId { get; init; }
    public required Output<ImmutableArray<string>> PrivateSubnetIds { get; init; }
}

/// <summary>
/// RDS PostgreSQL in the private subnets: encrypted gp3, never public, its master password
/// managed by RDS in Secrets Manager, backups, Multi-AZ, deletion protection and a final
/// snapshot as the stack asks. Nothing may connect until a compute is admitted through the binding.
/// </summary>
public sealed class PostgresDatabase : ComponentResource, IStore
{
    public const string DatabaseName = "switchyard";
    public const int Port = 5432;

    public StoreBinding Binding { get; }
    public IReadOnlyDictionary<string, Output<string>> Outputs { get; }
    public IReadOnlyList<Watch> Watches { get; }

    public PostgresDatabase(string name, PostgresDatabaseArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:store:PostgresDatabase", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var accessGroup = SecurityGroups.AdmittingByRule($"{name}-access", args.VpcId, "PostgreSQL, only from the compute admitted by rule", this);
        var database = CreateDatabase(name, args, accessGroup);
        var secretArn = database.MasterUserSecrets.Apply(secrets => secrets.IsDefaultOrEmpty
            ? throw new InvalidOperationException("RDS reported no managed master user secret although ManageMasterUserPassword is on.")
            : secrets[0].SecretArn ?? "");
        var readSecret = new IamGrant(IamPolicy.ReadSecret, secretArn);

        Binding = new StoreBinding
        {
            Variables = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
            {
                [ServiceEnvironment.StoreKind] = Output.Create(ServiceEnvironment.StoreKinds.Postgres),
                [ServiceEnvironment.PostgresHost] = database.Address,
                [ServiceEnvironment.PostgresPort] = database.Port.Apply(port => port.ToString(CultureInfo.InvariantCulture)),
                [ServiceEnvironment.PostgresDatabase] = Output.Create(DatabaseName),
                [ServiceEnvironment.PostgresMaxPoolSize] = Output.Create(args.Settings.PostgresPoolSize.ToString(CultureInfo.InvariantCulture)),
            },
            SecretArns = new Dictionary<string, Output<string>>(StringComparer.Ordinal) { [ServiceEnvironment.PostgresCredentials] = secretArn },
            Grants = [readSecret],
            ReadGrants = [readSecret],
            InsideVpc = true,
            Admit = (admissionName, sourceGroupId, parent) =>
                SecurityGroups.AdmitFromGroup(admissionName, accessGroup.Id, Port, sourceGroupId, parent),
        };
        Outputs = new Dictionary<string, Output<string>>(StringComparer.Ordinal) { ["databaseEndpoint"] = database.Address };
        var maxConnections = ConnectionBudget.MaxConnections(args.Settings.DbInstanceClass, args.Settings.DbMaxConnections);
        Watches = Signals.Postgres(database.Identifier, maxConnections, args.Settings.Alarms);
        RegisterOutputs(new Dictionary<string, object?> { ["databaseEndpoint"] = database.Address });
    }

    private Rds.Instance CreateDatabase(string name, PostgresDatabaseArgs args, Ec2.SecurityGroup accessGroup)
    {
        var s = args.Settings;
        var subnetGroup = new Rds.SubnetGroup(name, new Rds.SubnetGroupArgs
        {
            SubnetIds = args.PrivateSubnetIds,
        }, LegacyArchitectures.FormerChildOf(LegacyArchitectures.AppRunnerRds, this, s.DeletionProtection));

        var instanceArgs = new Rds.InstanceArgs
        {
            Engine = "postgres",
            EngineVersion = s.DbEngineVersion,
            InstanceClass = s.DbInstanceClass,
            AllocatedStorage = s.DbAllocatedStorageGb,
            MaxAllocatedStorage = s.DbAllocatedStorageGb * 5,
            StorageType = "gp3",
            StorageEncrypted = true,
            PubliclyAccessible = false,
            DbSubnetGroupName = subnetGroup.Name,
            VpcSecurityGroupIds = { accessGroup.Id },
            DbName = DatabaseName,
            Username = DatabaseName,
            ManageMasterUserPassword = true,
            MultiAz = s.DbMultiAz,
            BackupRetentionPeriod = s.DbBackupRetentionDays,
            CopyTagsToSnapshot = true,
            DeletionProtection = s.DeletionProtection,
            SkipFinalSnapshot = !s.FinalSnapshot,
        };
        if (s.FinalSnapshot)
        {
            // Named after the stack, as before stores were separate, so the identifier never changes.
            instanceArgs.FinalSnapshotIdentifier = $"{SwitchyardStack.Name}-{Deployment.Instance.StackName}-final";
        }

        return new Rds.Instance(name, instanceArgs, LegacyArchitectures.FormerChildOf(LegacyArchitectures.AppRunnerRds, this, s.DeletionProtection));
    }
}

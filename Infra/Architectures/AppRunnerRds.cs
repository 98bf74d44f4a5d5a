using System.Globalization;
using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Security;
using AppRunner = Pulumi.Aws.AppRunner;
using Ec2 = Pulumi.Aws.Ec2;
using Rds = Pulumi.Aws.Rds;

namespace Switchyard.Infra.Architectures;

public sealed class AppRunnerRdsArgs
{
    public required StackSettings Settings { get; init; }
    public required SharedVpc Vpc { get; init; }
    public required Output<string> ImageRef { get; init; }
    public required AuthSecrets AuthSecrets { get; init; }
}

/// <summary>
/// App Runner in front of RDS PostgreSQL: the database sits in the private subnets and admits
/// only the App Runner VPC connector; the service reads its credentials from Secrets Manager
/// through its instance role.
/// </summary>
public sealed class AppRunnerRds : ComponentResource
{
    public const string DatabaseName = "switchyard";
    public const int PostgresPort = 5432;
    private static readonly string[] ReadSecret = ["secretsmanager:GetSecretValue"];

    public Output<string> Url { get; }
    public Output<string> DatabaseEndpoint { get; }

    public AppRunnerRds(string name, AppRunnerRdsArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:architecture:AppRunnerRds", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var connectorGroup = SecurityGroups.EgressOnly($"{name}-connector", args.Vpc.VpcId, "App Runner VPC connector", this);
        var database = CreateDatabase(name, args, connectorGroup);
        var service = CreateService(name, args, connectorGroup, database);

        Url = Output.Format($"https://{service.ServiceUrl}");
        DatabaseEndpoint = database.Address;
        RegisterOutputs(new Dictionary<string, object?> { ["url"] = Url, ["databaseEndpoint"] = DatabaseEndpoint });
    }

    private Rds.Instance CreateDatabase(string name, AppRunnerRdsArgs args, Ec2.SecurityGroup connectorGroup)
    {
        var s = args.Settings;
        var databaseGroup = SecurityGroups.PortFromGroup($"{name}-db", args.Vpc.VpcId, "PostgreSQL, only from the App Runner VPC connector",
            PostgresPort, connectorGroup.Id, egressAnywhere: false, this);
        var subnetGroup = new Rds.SubnetGroup($"{name}-db", new Rds.SubnetGroupArgs
        {
            SubnetIds = args.Vpc.PrivateSubnetIds,
        }, new CustomResourceOptions { Parent = this });

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
            VpcSecurityGroupIds = { databaseGroup.Id },
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
            instanceArgs.FinalSnapshotIdentifier = $"{name}-{Deployment.Instance.StackName}-final";
        }

        return new Rds.Instance($"{name}-db", instanceArgs, new CustomResourceOptions { Parent = this });
    }

    private AppRunner.Service CreateService(string name, AppRunnerRdsArgs args, Ec2.SecurityGroup connectorGroup, Rds.Instance database)
    {
        var s = args.Settings;
        var physicalName = PhysicalName(name);
        var databaseSecretArn = database.MasterUserSecrets.Apply(secrets => secrets.IsDefaultOrEmpty
            ? throw new InvalidOperationException("RDS reported no managed master user secret although ManageMasterUserPassword is on.")
            : secrets[0].SecretArn ?? "");

        var variables = ContainerContract.Common(ServiceEnvironment.StoreKinds.Postgres, s.Region);
        variables[ServiceEnvironment.PostgresHost] = database.Address;
        variables[ServiceEnvironment.PostgresPort] = database.Port.Apply(port => port.ToString(CultureInfo.InvariantCulture));
        variables[ServiceEnvironment.PostgresDatabase] = Output.Create(DatabaseName);
        variables[ServiceEnvironment.PostgresMaxPoolSize] = Output.Create(s.PostgresPoolSize.ToString(CultureInfo.InvariantCulture));
        var secrets = ContainerContract.AuthSecretRefs(args.AuthSecrets);
        secrets[ServiceEnvironment.PostgresCredentials] = databaseSecretArn;

        var accessRole = ServiceRoles.Create($"{name}-access", "build.apprunner.amazonaws.com", this);
        var pullFromEcr = ServiceRoles.AttachManaged($"{name}-access-ecr", accessRole,
            "arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess", this);
        // App Runner fetches RuntimeEnvironmentSecrets with the instance role: exactly these three secrets.
        var instanceRole = ServiceRoles.Create($"{name}-instance", "tasks.apprunner.amazonaws.com", this);
        var readSecrets = ServiceRoles.AddInline($"{name}-instance-secrets", instanceRole,
            IamPolicy.Allow(ReadSecret, databaseSecretArn, args.AuthSecrets.UsernameArn, args.AuthSecrets.PasswordArn), this);

        var connector = new AppRunner.VpcConnector($"{name}-connector", new AppRunner.VpcConnectorArgs
        {
            VpcConnectorName = physicalName,
            Subnets = args.Vpc.PrivateSubnetIds,
            SecurityGroups = { connectorGroup.Id },
        }, new CustomResourceOptions { Parent = this });
        var scaling = new AppRunner.AutoScalingConfigurationVersion($"{name}-scaling", new AppRunner.AutoScalingConfigurationVersionArgs
        {
            AutoScalingConfigurationName = physicalName,
            MinSize = s.MinInstances,
            MaxSize = s.MaxInstances,
            MaxConcurrency = s.MaxConcurrency,
        }, new CustomResourceOptions { Parent = this });

        return new AppRunner.Service($"{name}-service", new AppRunner.ServiceArgs
        {
            ServiceName = physicalName,
            SourceConfiguration = new AppRunner.Inputs.ServiceSourceConfigurationArgs
            {
                AutoDeploymentsEnabled = false,
                AuthenticationConfiguration = new AppRunner.Inputs.ServiceSourceConfigurationAuthenticationConfigurationArgs
                {
                    AccessRoleArn = accessRole.Arn,
                },
                ImageRepository = new AppRunner.Inputs.ServiceSourceConfigurationImageRepositoryArgs
                {
                    ImageIdentifier = args.ImageRef,
                    ImageRepositoryType = "ECR",
                    ImageConfiguration = new AppRunner.Inputs.ServiceSourceConfigurationImageRepositoryImageConfigurationArgs
                    {
                        Port = ContainerContract.Port,
                        RuntimeEnvironmentVariables = ContainerContract.ToInputMap(variables),
                        RuntimeEnvironmentSecrets = ContainerContract.ToInputMap(secrets),
                    },
                },
            },
            InstanceConfiguration = new AppRunner.Inputs.ServiceInstanceConfigurationArgs
            {
                Cpu = s.Cpu.ToString(CultureInfo.InvariantCulture),
                Memory = s.Memory.ToString(CultureInfo.InvariantCulture),
                InstanceRoleArn = instanceRole.Arn,
            },
            HealthCheckConfiguration = new AppRunner.Inputs.ServiceHealthCheckConfigurationArgs
            {
                Protocol = "HTTP",
                Path = ServiceEnvironment.LivenessPath,
                Interval = 10,
                Timeout = 5,
                HealthyThreshold = 1,
                UnhealthyThreshold = 3,
            },
            NetworkConfiguration = new AppRunner.Inputs.ServiceNetworkConfigurationArgs
            {
                EgressConfiguration = new AppRunner.Inputs.ServiceNetworkConfigurationEgressConfigurationArgs
                {
                    EgressType = "VPC",
                    VpcConnectorArn = connector.Arn,
                },
            },
            AutoScalingConfigurationArn = scaling.Arn,
        }, new CustomResourceOptions { Parent = this, DependsOn = { pullFromEcr, readSecrets } });
    }

    /// <summary>App Runner names: 4-32 characters, letters, digits, hyphens.</summary>
    private static string PhysicalName(string name)
    {
        var physical = $"{name}-{Deployment.Instance.StackName}";
        return physical.Length <= 32 ? physical : physical[..32];
    }
}

using System.Globalization;
using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Security;
using Switchyard.Infra.Stores;
using AppRunner = Pulumi.Aws.AppRunner;

namespace Switchyard.Infra.Compute;

/// <summary>
/// App Runner running the pinned image. When the store lives in the VPC, egress goes through a
/// VPC connector in the private subnets whose security group the store admits. App Runner reads
/// the container's secrets with the instance role, which is also the service's runtime role.
/// App Runner writes its own log groups (<c>/aws/apprunner/&lt;service&gt;/&lt;id&gt;/…</c>); their
/// names are known only after the service exists, so their retention cannot be set here.
/// </summary>
public sealed class AppRunnerService : ComponentResource, ICompute
{
    public Output<string> Url { get; }
    public IReadOnlyDictionary<string, Output<string>> Outputs { get; }

    public AppRunnerService(string name, ComputeArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:compute:AppRunnerService", name, LegacyArchitectures.Succeeding(LegacyArchitectures.AppRunnerRds, options))
    {
        ArgumentNullException.ThrowIfNull(args);
        var s = args.Settings;
        var physicalName = PhysicalName(name);

        var accessRole = ServiceRoles.Create($"{name}-access", "build.apprunner.amazonaws.com", this);
        var pullFromEcr = ServiceRoles.AttachManaged($"{name}-access-ecr", accessRole,
            "arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess", this);
        var instanceRole = ComputeRoles.Runtime($"{name}-instance", "tasks.apprunner.amazonaws.com", args.Store, this);
        var readSecrets = ComputeRoles.ReadSecrets($"{name}-instance-secrets", instanceRole, args.Environment, this);

        var scaling = new AppRunner.AutoScalingConfigurationVersion($"{name}-scaling", new AppRunner.AutoScalingConfigurationVersionArgs
        {
            AutoScalingConfigurationName = physicalName,
            MinSize = s.MinInstances,
            MaxSize = s.MaxInstances,
            MaxConcurrency = s.MaxConcurrency,
        }, new CustomResourceOptions { Parent = this });

        var serviceArgs = new AppRunner.ServiceArgs
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
                        Port = ContainerEnvironment.Port,
                        RuntimeEnvironmentVariables = ContainerEnvironment.ToInputMap(args.Environment.Variables),
                        RuntimeEnvironmentSecrets = ContainerEnvironment.ToInputMap(args.Environment.SecretArns),
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
            AutoScalingConfigurationArn = scaling.Arn,
        };
        if (args.Store.InsideVpc)
        {
            serviceArgs.NetworkConfiguration = VpcEgress(name, args, physicalName);
        }

        var service = new AppRunner.Service($"{name}-service", serviceArgs,
            new CustomResourceOptions { Parent = this, DependsOn = { pullFromEcr, readSecrets } });

        _ = new AppRunnerLogRetention($"{name}-log-retention", new AppRunnerLogRetentionArgs
        {
            ServiceName = service.ServiceName,
            ServiceId = service.ServiceId,
            RetentionDays = s.LogRetentionDays,
        }, new ComponentResourceOptions { Parent = this });
        _ = args.Alarms.Watch(Signals.AppRunner(service.ServiceName, service.ServiceId, s.Alarms));

        Url = Output.Format($"https://{service.ServiceUrl}");
        Outputs = new Dictionary<string, Output<string>>(StringComparer.Ordinal) { ["serviceArn"] = service.Arn };
        RegisterOutputs(new Dictionary<string, object?> { ["url"] = Url });
    }

    /// <summary>Egress through a VPC connector in the private subnets, admitted by the store.</summary>
    private AppRunner.Inputs.ServiceNetworkConfigurationArgs VpcEgress(string name, ComputeArgs args, string physicalName)
    {
        var connectorGroup = SecurityGroups.EgressOnly($"{name}-connector", args.VpcId, "App Runner VPC connector", this);
        args.Store.Admit($"{name}-connector-to-store", connectorGroup.Id, this);
        var connector = new AppRunner.VpcConnector($"{name}-connector", new AppRunner.VpcConnectorArgs
        {
            VpcConnectorName = physicalName,
            Subnets = args.PrivateSubnetIds,
            SecurityGroups = { connectorGroup.Id },
        }, new CustomResourceOptions { Parent = this });

        return new AppRunner.Inputs.ServiceNetworkConfigurationArgs
        {
            EgressConfiguration = new AppRunner.Inputs.ServiceNetworkConfigurationEgressConfigurationArgs
            {
                EgressType = "VPC",
                VpcConnectorArn = connector.Arn,
            },
        };
    }

    /// <summary>App Runner names: 4-32 characters, letters, digits, hyphens.</summary>
    private static string PhysicalName(string name)
    {
        var physical = $"{name}-{Deployment.Instance.StackName}";
        return physical.Length <= 32 ? physical : physical[..32];
    }
}

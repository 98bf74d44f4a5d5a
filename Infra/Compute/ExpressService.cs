using System.Collections.Immutable;
using System.Globalization;
using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Security;
using Ecs = Pulumi.Aws.Ecs;

namespace Switchyard.Infra.Compute;

/// <summary>
/// ECS Express Mode (<c>Ecs.ExpressGatewayService</c>), App Runner's successor: AWS builds the
/// load balancer, HTTPS certificate, target group and scaling policy from a container, two
/// roles and a network configuration.
/// <para>
/// Express Mode has one subnet list for its load balancer and its tasks, and makes the load
/// balancer internal when the subnets are private. To be reachable from the internet the service
/// therefore always runs in the public subnets, NAT or not. Its network configuration has no
/// public-IP switch, so the tasks reach ECR, CloudWatch Logs and Secrets Manager through
/// <see cref="InterfaceEndpoints"/> and S3 and DynamoDB through the shared VPC's gateway
/// endpoints; their security group admits the container port only from inside the VPC, where the
/// load balancer Express Mode creates lives.
/// </para>
/// </summary>
public sealed class ExpressService : ComponentResource, ICompute
{
    public const string InfrastructurePolicy = "arn:aws:iam::aws:policy/service-role/AmazonECSInfrastructureRoleforExpressGatewayServices";

    /// <summary>Express Mode's metric names (the ECS API enum), not CloudWatch's.</summary>
    public const string CpuMetric = "AVERAGE_CPU";

    public Output<string> Url { get; }
    public IReadOnlyDictionary<string, Output<string>> Outputs { get; }

    public ExpressService(string name, ComputeArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:compute:ExpressService", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var s = args.Settings;
        var logs = ServiceLogs.Create($"{name}-logs", s, this);
        Resource[] endpoints = args.OwnsInterfaceEndpoints
            ?
            [
                new InterfaceEndpoints($"{name}-endpoints", new InterfaceEndpointsArgs
                {
                    VpcId = args.VpcId,
                    VpcCidrBlock = args.VpcCidrBlock,
                    SubnetIds = args.PublicSubnetIds,
                    Zones = s.InterfaceEndpointZones,
                    Region = s.Region,
                }, new ComponentResourceOptions { Parent = this }),
            ]
            : [];
        var taskGroup = SecurityGroups.PortFromCidr($"{name}-task", args.VpcId, "Express service tasks, only from inside the VPC",
            ServiceEnvironment.ContainerPort, args.VpcCidrBlock, egressAnywhere: true, this);
        args.Store.Admit($"{name}-task-to-store", taskGroup.Id, this);

        var infrastructureRole = ServiceRoles.Create($"{name}-infrastructure", "ecs.amazonaws.com", this);
        var manageInfrastructure = ServiceRoles.AttachManaged($"{name}-infrastructure-managed", infrastructureRole, InfrastructurePolicy, this);
        var (executionRole, executionPolicies) = ComputeRoles.EcsExecution($"{name}-execution", args.Environment, this);
        var taskRole = ComputeRoles.Runtime($"{name}-task", ComputeRoles.EcsTasks, args.Store, this);

        var service = new Ecs.ExpressGatewayService($"{name}-service", new Ecs.ExpressGatewayServiceArgs
        {
            ServiceName = $"{name}-{Deployment.Instance.StackName}",
            InfrastructureRoleArn = infrastructureRole.Arn,
            ExecutionRoleArn = executionRole.Arn,
            TaskRoleArn = taskRole.Arn,
            Cpu = s.Cpu.ToString(CultureInfo.InvariantCulture),
            Memory = s.Memory.ToString(CultureInfo.InvariantCulture),
            HealthCheckPath = ServiceEnvironment.LivenessPath,
            NetworkConfigurations =
            {
                new Ecs.Inputs.ExpressGatewayServiceNetworkConfigurationArgs
                {
                    Subnets = args.PublicSubnetIds,
                    SecurityGroups = { taskGroup.Id },
                },
            },
            PrimaryContainer = PrimaryContainer(args, logs.Name),
            ScalingTargets =
            {
                new Ecs.Inputs.ExpressGatewayServiceScalingTargetArgs
                {
                    AutoScalingMetric = CpuMetric,
                    AutoScalingTargetValue = s.CpuTargetPercent,
                    MinTaskCount = s.MinInstances,
                    MaxTaskCount = s.MaxInstances,
                },
            },
            WaitForSteadyState = true,
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = [manageInfrastructure, .. endpoints, .. executionPolicies],
        });

        // Express Mode owns its load balancer (shared by up to 25 services, not in the resource's
        // outputs) and rolls a bad deployment back on its own canary alarm; the stack watches the
        // service itself.
        _ = args.Alarms.Watch(Signals.EcsService(service.Cluster.Apply(ClusterName), service.ServiceName, s.Alarms));

        Url = service.IngressPaths.Apply(PublicUrl);
        Outputs = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
        {
            ["logGroupName"] = logs.Name,
            ["serviceArn"] = service.ServiceArn,
        };
        RegisterOutputs(new Dictionary<string, object?> { ["url"] = Url, ["logGroupName"] = logs.Name });
    }

    private static Ecs.Inputs.ExpressGatewayServicePrimaryContainerArgs PrimaryContainer(ComputeArgs args, Output<string> logGroup)
    {
        var container = new Ecs.Inputs.ExpressGatewayServicePrimaryContainerArgs
        {
            Image = args.ImageRef,
            ContainerPort = ServiceEnvironment.ContainerPort,
            AwsLogsConfigurations =
            {
                new Ecs.Inputs.ExpressGatewayServicePrimaryContainerAwsLogsConfigurationArgs
                {
                    LogGroup = logGroup,
                    LogStreamPrefix = ServiceLogs.StreamPrefix,
                },
            },
        };
        foreach (var (key, value) in args.Environment.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            container.Environments.Add(new Ecs.Inputs.ExpressGatewayServicePrimaryContainerEnvironmentArgs { Name = key, Value = value });
        }

        foreach (var (key, arn) in args.Environment.SecretArns.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            container.Secrets.Add(new Ecs.Inputs.ExpressGatewayServicePrimaryContainerSecretArgs { Name = key, ValueFrom = arn });
        }

        return container;
    }

    /// <summary>The cluster's name, whether ECS reports the name or the ARN (…:cluster/NAME); Express Mode's default is "default".</summary>
    public static string ClusterName(string? cluster) =>
        string.IsNullOrEmpty(cluster) ? "default" : cluster[(cluster.LastIndexOf('/') + 1)..];

    /// <summary>The internet-facing ingress path Express Mode reports, as an https URL.</summary>
    public static string PublicUrl(ImmutableArray<Ecs.Outputs.ExpressGatewayServiceIngressPath> paths)
    {
        var endpoint = paths.IsDefaultOrEmpty
            ? throw new InvalidOperationException("The Express service reported no ingress path.")
            : paths.FirstOrDefault(p => p.AccessType == "PUBLIC")?.Endpoint
                ?? throw new InvalidOperationException(
                    $"The Express service has no PUBLIC ingress path (got {string.Join(", ", paths.Select(p => p.AccessType))}): its subnets are not public.");
        return endpoint.StartsWith("http", StringComparison.Ordinal) ? endpoint : $"https://{endpoint}";
    }
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;
using AppAutoScaling = Pulumi.Aws.AppAutoScaling;
using CloudWatch = Pulumi.Aws.CloudWatch;
using Ecs = Pulumi.Aws.Ecs;

namespace Switchyard.Infra.Compute;

/// <summary>
/// ECS Fargate behind a public ALB (<see cref="PublicLoadBalancer"/>): a rolling deployment with
/// a circuit breaker that rolls back, target tracking on CPU and on requests per task, and tasks
/// whose security group admits only the load balancer.
/// </summary>
public sealed class FargateService : ComponentResource, ICompute
{
    public const string ContainerName = "service";

    private static readonly JsonSerializerOptions ContainerJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly string[] HealthCheckCommand = ["CMD", .. ServiceEnvironment.LivenessCheckCommand];

    public Output<string> Url { get; }
    public IReadOnlyDictionary<string, Output<string>> Outputs { get; }

    public FargateService(string name, ComputeArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:compute:FargateService", name, LegacyArchitectures.Succeeding(LegacyArchitectures.FargateDynamoDb, options))
    {
        ArgumentNullException.ThrowIfNull(args);
        var s = args.Settings;
        var logs = ServiceLogs.Create($"{name}-logs", s, this);
        var cluster = new Ecs.Cluster($"{name}-cluster", new Ecs.ClusterArgs(), new CustomResourceOptions { Parent = this });
        var accessLogs = s.AccessLogs
            ? new AccessLogBucket($"{name}-access-logs", new AccessLogBucketArgs
            {
                ExpireAfterDays = s.LogRetentionDays,
                ForceDestroy = !s.DeletionProtection,
            }, new ComponentResourceOptions { Parent = this })
            : null;
        var loadBalancer = new PublicLoadBalancer($"{name}-lb", new PublicLoadBalancerArgs
        {
            VpcId = args.VpcId,
            PublicSubnetIds = args.PublicSubnetIds,
            CertificateArn = s.CertificateArn,
            DeletionProtection = s.DeletionProtection,
            AccessLogBucketName = accessLogs?.BucketName,
        }, new ComponentResourceOptions { Parent = this });
        // The load balancer's alarms exist before the service, which rolls a deployment back on them.
        var deploymentAlarms = args.Alarms.Watch(Signals.LoadBalancer(loadBalancer.ArnSuffix, loadBalancer.TargetGroupArnSuffix, s.Alarms));

        var task = CreateTaskDefinition(name, args, logs);
        var service = CreateService(name, args, cluster, task, loadBalancer, deploymentAlarms);
        CreateAutoScaling(name, s, cluster, service, loadBalancer);
        _ = args.Alarms.Watch(Signals.EcsService(cluster.Name, service.Name, s.Alarms));

        Url = loadBalancer.Url;
        Outputs = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
        {
            ["logGroupName"] = logs.Name,
            ["clusterName"] = cluster.Name,
        };
        RegisterOutputs(new Dictionary<string, object?> { ["url"] = Url, ["logGroupName"] = logs.Name, ["clusterName"] = cluster.Name });
    }

    private Ecs.TaskDefinition CreateTaskDefinition(string name, ComputeArgs args, CloudWatch.LogGroup logs)
    {
        var s = args.Settings;
        var (executionRole, _) = ComputeRoles.EcsExecution($"{name}-execution", args.Environment, this);
        var taskRole = ComputeRoles.Runtime($"{name}-task", ComputeRoles.EcsTasks, args.Store, this);

        var containerDefinitions = Output.Tuple(
                args.ImageRef,
                ContainerEnvironment.Resolve(args.Environment.Variables),
                ContainerEnvironment.Resolve(args.Environment.SecretArns),
                logs.Name)
            .Apply(t => ContainerDefinitions(t.Item1, t.Item2, t.Item3, t.Item4, s.Region));

        return new Ecs.TaskDefinition($"{name}-task", new Ecs.TaskDefinitionArgs
        {
            Family = $"{name}-{Deployment.Instance.StackName}",
            RequiresCompatibilities = { "FARGATE" },
            NetworkMode = "awsvpc",
            Cpu = s.Cpu.ToString(CultureInfo.InvariantCulture),
            Memory = s.Memory.ToString(CultureInfo.InvariantCulture),
            ExecutionRoleArn = executionRole.Arn,
            TaskRoleArn = taskRole.Arn,
            RuntimePlatform = new Ecs.Inputs.TaskDefinitionRuntimePlatformArgs
            {
                OperatingSystemFamily = "LINUX",
                CpuArchitecture = "X86_64",
            },
            ContainerDefinitions = containerDefinitions,
        }, new CustomResourceOptions { Parent = this });
    }

    public static string ContainerDefinitions(
        string image, KeyValuePair<string, string>[] variables, KeyValuePair<string, string>[] secretArns, string logGroup, string region) =>
        JsonSerializer.Serialize(new[]
        {
            new
            {
                Name = ContainerName,
                Image = image,
                Essential = true,
                PortMappings = new[] { new { ContainerPort = ServiceEnvironment.ContainerPort, Protocol = "tcp" } },
                Environment = variables.Select(v => new { Name = v.Key, Value = v.Value }).ToArray(),
                Secrets = secretArns.Select(v => new { Name = v.Key, ValueFrom = v.Value }).ToArray(),
                StopTimeout = 30,
                // The service's own binary asks /healthz: the image needs no curl, and a store outage never fails it.
                HealthCheck = new
                {
                    Command = HealthCheckCommand,
                    Interval = 30,
                    Timeout = 5,
                    Retries = 3,
                    StartPeriod = 30,
                },
                LogConfiguration = new
                {
                    LogDriver = "awslogs",
                    Options = new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        ["awslogs-group"] = logGroup,
                        ["awslogs-region"] = region,
                        ["awslogs-stream-prefix"] = ServiceLogs.StreamPrefix,
                    },
                },
            },
        }, ContainerJson);

    private Ecs.Service CreateService(
        string name, ComputeArgs args, Ecs.Cluster cluster, Ecs.TaskDefinition task, PublicLoadBalancer loadBalancer,
        Output<ImmutableArray<string>> deploymentAlarms)
    {
        var s = args.Settings;
        var taskGroup = SecurityGroups.PortFromGroup($"{name}-task", args.VpcId, "Service tasks, only from the load balancer",
            ServiceEnvironment.ContainerPort, loadBalancer.SecurityGroupId, egressAnywhere: true, this);
        args.Store.Admit($"{name}-task-to-store", taskGroup.Id, this);
        // Without NAT, private subnets cannot reach ECR, Secrets Manager or CloudWatch: the tasks run
        // in the public subnets with a public IP, and their security group admits only the ALB.
        var hasNat = s.Nat != NatMode.None;

        return new Ecs.Service($"{name}-service", new Ecs.ServiceArgs
        {
            Cluster = cluster.Arn,
            TaskDefinition = task.Arn,
            LaunchType = "FARGATE",
            DesiredCount = s.MinInstances,
            DeploymentMinimumHealthyPercent = 100,
            DeploymentMaximumPercent = 200,
            DeploymentCircuitBreaker = new Ecs.Inputs.ServiceDeploymentCircuitBreakerArgs { Enable = true, Rollback = true },
            // Beside the circuit breaker (tasks that never get healthy), roll back a deployment whose
            // tasks are healthy but answer 5xx.
            Alarms = new Ecs.Inputs.ServiceAlarmsArgs { Enable = true, Rollback = true, AlarmNames = deploymentAlarms },
            HealthCheckGracePeriodSeconds = 60,
            NetworkConfiguration = new Ecs.Inputs.ServiceNetworkConfigurationArgs
            {
                Subnets = hasNat ? args.PrivateSubnetIds : args.PublicSubnetIds,
                AssignPublicIp = !hasNat,
                SecurityGroups = { taskGroup.Id },
            },
            LoadBalancers =
            {
                new Ecs.Inputs.ServiceLoadBalancerArgs
                {
                    TargetGroupArn = loadBalancer.TargetGroupArn,
                    ContainerName = ContainerName,
                    ContainerPort = ServiceEnvironment.ContainerPort,
                },
            },
            WaitForSteadyState = true,
        }, new CustomResourceOptions
        {
            Parent = this,
            DependsOn = { loadBalancer.ServingListener },
            // Application Auto Scaling owns the running count once the service exists.
            IgnoreChanges = { "desiredCount" },
        });
    }

    private void CreateAutoScaling(string name, StackSettings settings, Ecs.Cluster cluster, Ecs.Service service, PublicLoadBalancer loadBalancer)
    {
        var target = new AppAutoScaling.Target($"{name}-scaling", new AppAutoScaling.TargetArgs
        {
            ServiceNamespace = "ecs",
            ScalableDimension = "ecs:service:DesiredCount",
            ResourceId = Output.Format($"service/{cluster.Name}/{service.Name}"),
            MinCapacity = settings.MinInstances,
            MaxCapacity = settings.MaxInstances,
        }, new CustomResourceOptions { Parent = this });

        CreateTargetTracking($"{name}-cpu", target, "ECSServiceAverageCPUUtilization", null, settings.CpuTargetPercent);
        CreateTargetTracking($"{name}-requests", target, "ALBRequestCountPerTarget", loadBalancer.RequestCountLabel, settings.RequestsPerTarget);
    }

    private void CreateTargetTracking(string name, AppAutoScaling.Target target, string metric, Output<string>? resourceLabel, double targetValue)
    {
        var metricSpecification = new AppAutoScaling.Inputs.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs
        {
            PredefinedMetricType = metric,
        };
        if (resourceLabel is not null)
        {
            metricSpecification.ResourceLabel = resourceLabel;
        }

        _ = new AppAutoScaling.Policy(name, new AppAutoScaling.PolicyArgs
        {
            PolicyType = "TargetTrackingScaling",
            ServiceNamespace = target.ServiceNamespace,
            ScalableDimension = target.ScalableDimension,
            ResourceId = target.ResourceId,
            TargetTrackingScalingPolicyConfiguration = new AppAutoScaling.Inputs.PolicyTargetTrackingScalingPolicyConfigurationArgs
            {
                TargetValue = targetValue,
                ScaleInCooldown = 120,
                ScaleOutCooldown = 60,
                PredefinedMetricSpecification = metricSpecification,
            },
        }, new CustomResourceOptions { Parent = this });
    }
}

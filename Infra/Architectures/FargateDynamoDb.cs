using System.Globalization;
using System.Text.Json;
using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Security;
using AppAutoScaling = Pulumi.Aws.AppAutoScaling;
using CloudWatch = Pulumi.Aws.CloudWatch;
using DynamoDB = Pulumi.Aws.DynamoDB;
using Ecs = Pulumi.Aws.Ecs;

namespace Switchyard.Infra.Architectures;

public sealed class FargateDynamoDbArgs
{
    public required StackSettings Settings { get; init; }
    public required SharedVpc Vpc { get; init; }
    public required Output<string> ImageRef { get; init; }
    public required AuthSecrets AuthSecrets { get; init; }
}

/// <summary>
/// ECS Fargate behind a public ALB, storing items in an on-demand DynamoDB table. The task role
/// may use only the item actions the DynamoDB store performs, on that one table.
/// </summary>
public sealed class FargateDynamoDb : ComponentResource
{
    public const string ContainerName = "service";
    public const string HashKey = "id";

    /// <summary>Exactly the calls the DynamoDB store makes; readiness uses GetItem.</summary>
    public static IReadOnlyList<string> ItemActions { get; } =
        ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Scan"];

    private static readonly string[] ReadSecret = ["secretsmanager:GetSecretValue"];
    private static readonly JsonSerializerOptions ContainerJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };
    private static readonly string[] HealthCheckCommand = ["CMD", .. ServiceEnvironment.LivenessCheckCommand];

    public Output<string> Url { get; }
    public Output<string> TableName { get; }
    public Output<string> LogGroupName { get; }
    public Output<string> ClusterName { get; }

    public FargateDynamoDb(string name, FargateDynamoDbArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:architecture:FargateDynamoDb", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var table = CreateTable(name, args.Settings);
        var logs = new CloudWatch.LogGroup($"{name}-logs", new CloudWatch.LogGroupArgs
        {
            RetentionInDays = args.Settings.LogRetentionDays,
        }, new CustomResourceOptions { Parent = this });
        var cluster = new Ecs.Cluster($"{name}-cluster", new Ecs.ClusterArgs(), new CustomResourceOptions { Parent = this });
        var loadBalancer = new PublicLoadBalancer($"{name}-lb", new PublicLoadBalancerArgs
        {
            VpcId = args.Vpc.VpcId,
            PublicSubnetIds = args.Vpc.PublicSubnetIds,
            CertificateArn = args.Settings.CertificateArn,
        }, new ComponentResourceOptions { Parent = this });

        var task = CreateTaskDefinition(name, args, table, logs);
        var service = CreateService(name, args, cluster, task, loadBalancer);
        CreateAutoScaling(name, args.Settings, cluster, service, loadBalancer);

        Url = loadBalancer.Url;
        TableName = table.Name;
        LogGroupName = logs.Name;
        ClusterName = cluster.Name;
        RegisterOutputs(new Dictionary<string, object?>
        {
            ["url"] = Url, ["tableName"] = TableName, ["logGroupName"] = LogGroupName, ["clusterName"] = ClusterName,
        });
    }

    private DynamoDB.Table CreateTable(string name, StackSettings settings) =>
        new($"{name}-items", new DynamoDB.TableArgs
        {
            BillingMode = "PAY_PER_REQUEST",
            HashKey = HashKey,
            Attributes = { new DynamoDB.Inputs.TableAttributeArgs { Name = HashKey, Type = "S" } },
            PointInTimeRecovery = new DynamoDB.Inputs.TablePointInTimeRecoveryArgs { Enabled = settings.PointInTimeRecovery },
            ServerSideEncryption = new DynamoDB.Inputs.TableServerSideEncryptionArgs { Enabled = true },
            DeletionProtectionEnabled = settings.DeletionProtection,
        }, new CustomResourceOptions { Parent = this });

    private Ecs.TaskDefinition CreateTaskDefinition(string name, FargateDynamoDbArgs args, DynamoDB.Table table, CloudWatch.LogGroup logs)
    {
        var s = args.Settings;
        var executionRole = ServiceRoles.Create($"{name}-execution", "ecs-tasks.amazonaws.com", this);
        _ = ServiceRoles.AttachManaged($"{name}-execution-managed", executionRole,
            "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", this);
        // ECS resolves `secrets` with the execution role: exactly the two basic-auth secrets.
        _ = ServiceRoles.AddInline($"{name}-execution-secrets", executionRole,
            IamPolicy.Allow(ReadSecret, args.AuthSecrets.UsernameArn, args.AuthSecrets.PasswordArn), this);
        var taskRole = ServiceRoles.Create($"{name}-task", "ecs-tasks.amazonaws.com", this);
        _ = ServiceRoles.AddInline($"{name}-task-items", taskRole, IamPolicy.Allow(ItemActions, table.Arn), this);

        var variables = ContainerContract.Common(ServiceEnvironment.StoreKinds.DynamoDb, s.Region);
        variables[ServiceEnvironment.DynamoDbTableName] = table.Name;
        var containerDefinitions = Output.Tuple(
                args.ImageRef,
                ContainerContract.Resolve(variables),
                ContainerContract.Resolve(ContainerContract.AuthSecretRefs(args.AuthSecrets)),
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
                        ["awslogs-stream-prefix"] = ContainerName,
                    },
                },
            },
        }, ContainerJson);

    private Ecs.Service CreateService(
        string name, FargateDynamoDbArgs args, Ecs.Cluster cluster, Ecs.TaskDefinition task, PublicLoadBalancer loadBalancer)
    {
        var s = args.Settings;
        var taskGroup = SecurityGroups.PortFromGroup($"{name}-task", args.Vpc.VpcId, "Service tasks, only from the load balancer",
            ServiceEnvironment.ContainerPort, loadBalancer.SecurityGroupId, egressAnywhere: true, this);
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
            HealthCheckGracePeriodSeconds = 60,
            NetworkConfiguration = new Ecs.Inputs.ServiceNetworkConfigurationArgs
            {
                Subnets = hasNat ? args.Vpc.PrivateSubnetIds : args.Vpc.PublicSubnetIds,
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

using Switchyard.Infra.Compute;
using Switchyard.Infra.Network;

namespace Switchyard.Infra.Tests;

/// <summary>App Runner, over either store.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.AppRunner))]
[NonParallelizable]
public sealed class AppRunnerRules(string architecture, string stack)
{
    private StackRun _run = null!;
    private IReadOnlyDictionary<string, object> _service = null!;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, architecture);
        _service = _run.Sole(ComputeView.AppRunnerService).Inputs;
    }

    private bool OverRds => Architecture.FromName(architecture).Store == StoreKind.Rds;

    [Test]
    public void ServiceRunsThePushedImageWithoutAutomaticDeployments()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_service.Path("sourceConfiguration", "imageRepository").Text("imageRepositoryType"), Is.EqualTo("ECR"));
            Assert.That(_service.Map("sourceConfiguration").Flag("autoDeploymentsEnabled"), Is.False);
        }
    }

    [Test]
    public void EgressGoesThroughAVpcConnectorInThePrivateSubnetsOnlyWhenTheStoreIsInTheVpc()
    {
        var connectors = _run.OfType("aws:apprunner/vpcConnector:VpcConnector").ToList();
        var egress = _service.Path("networkConfiguration", "egressConfiguration");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(connectors, Has.Count.EqualTo(OverRds ? 1 : 0));
            Assert.That(egress.Text("egressType"), Is.EqualTo(OverRds ? "VPC" : null));
            if (OverRds)
            {
                Assert.That(egress.Text("vpcConnectorArn"), Is.EqualTo(connectors.Single().State.Text("arn")));
                Assert.That(connectors.Single().Inputs.Texts("subnets"), Is.EquivalentTo(Mocks.PrivateSubnetIds));
            }
        }
    }

    [Test]
    public void AutoScalingFollowsTheStack()
    {
        var scaling = _run.Sole("aws:apprunner/autoScalingConfigurationVersion:AutoScalingConfigurationVersion").Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(scaling.Number("minSize"), Is.EqualTo(_run.ConfiguredInt("switchyard:minInstances")));
            Assert.That(scaling.Number("maxSize"), Is.EqualTo(_run.ConfiguredInt("switchyard:maxInstances")));
            Assert.That(_service.Text("autoScalingConfigurationArn"), Is.Not.Null);
        }
    }

    [Test]
    public void HealthCheckIsHttp() => Assert.That(_service.Map("healthCheckConfiguration").Text("protocol"), Is.EqualTo("HTTP"));
}

/// <summary>What both ECS computes share: roles that pull, log and inject secrets, and their logs.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.OnEcs))]
[NonParallelizable]
public sealed class EcsRules(string architecture, string stack)
{
    private StackRun _run = null!;
    private ComputeView _compute = null!;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, architecture);
        _compute = ComputeView.Of(_run);
    }

    private string? ExecutionRoleArn => _run.OfType(ComputeView.ExpressService).Any()
        ? _run.Sole(ComputeView.ExpressService).Inputs.Text("executionRoleArn")
        : _run.Sole("aws:ecs/taskDefinition:TaskDefinition").Inputs.Text("executionRoleArn");

    [Test]
    public void LogsGoToALogGroupTheProgramCreatesWithTheConfiguredRetention()
    {
        var logGroup = _run.Sole("aws:cloudwatch/logGroup:LogGroup");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_compute.LogGroupNames, Is.EqualTo(new[] { logGroup.State.Text("name") }));
            Assert.That(logGroup.Inputs.Number("retentionInDays"), Is.EqualTo(_run.ConfiguredInt("switchyard:logRetentionDays")));
        }
    }

    [Test]
    public void ExecutionRolePullsLogsAndReadsExactlyTheContainersSecrets()
    {
        var statements = RolePolicies.Of(_run, ExecutionRoleArn);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RolePolicies.ManagedOf(_run, ExecutionRoleArn), Is.EqualTo(new[] { ComputeRoles.EcsTaskExecutionPolicy }));
            Assert.That(statements.SelectMany(s => s.Actions), Is.All.EqualTo("secretsmanager:GetSecretValue"));
            Assert.That(statements.SelectMany(s => s.Resources), Is.EquivalentTo(_compute.Secrets.Values));
        }
    }

    [Test]
    public void TheRuntimeRoleIsNotTheExecutionRole() => Assert.That(_compute.RuntimeRoleArn, Is.Not.EqualTo(ExecutionRoleArn));
}

/// <summary>ECS Fargate behind the program's own ALB, over either store.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.Fargate))]
[NonParallelizable]
public sealed class FargateRules(string architecture, string stack)
{
    private StackRun _run = null!;
    private IReadOnlyDictionary<string, object> _service = null!;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, architecture);
        _service = _run.Sole(ComputeView.EcsService).Inputs;
    }

    [Test]
    public void ContainerHealthCheckAsksTheLivenessPathThroughTheServiceBinary()
    {
        using var document = System.Text.Json.JsonDocument.Parse(_run.Sole("aws:ecs/taskDefinition:TaskDefinition").Inputs.Text("containerDefinitions")!);
        var check = document.RootElement.EnumerateArray().Single().GetProperty("healthCheck");
        var command = check.GetProperty("command").EnumerateArray().Select(e => e.GetString()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(command, Is.EqualTo(new[] { "CMD" }.Concat(ServiceEnvironment.LivenessCheckCommand)));
            Assert.That(check.GetProperty("interval").GetInt32(), Is.InRange(5, 300));
            Assert.That(check.GetProperty("timeout").GetInt32(), Is.LessThan(check.GetProperty("interval").GetInt32()));
            Assert.That(check.GetProperty("startPeriod").GetInt32(), Is.GreaterThan(0));
        }
    }

    [Test]
    public void TargetGroupChecksTheLivenessPathQuickly()
    {
        var targetGroup = _run.Sole("aws:lb/targetGroup:TargetGroup").Inputs;
        var check = targetGroup.Map("healthCheck");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(targetGroup.Text("targetType"), Is.EqualTo("ip"));
            Assert.That(targetGroup.Number("port"), Is.EqualTo(ServiceEnvironment.ContainerPort));
            Assert.That(targetGroup.Number("deregistrationDelay"), Is.EqualTo(30));
            Assert.That(check.Number("interval"), Is.LessThanOrEqualTo(10));
            Assert.That(check.Number("healthyThreshold"), Is.EqualTo(2));
        }
    }

    [Test]
    public void DeploymentCircuitBreakerRollsBack()
    {
        var breaker = _service.Map("deploymentCircuitBreaker");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(breaker.Flag("enable"), Is.True);
            Assert.That(breaker.Flag("rollback"), Is.True);
            Assert.That(_service.Number("healthCheckGracePeriodSeconds"), Is.GreaterThan(0));
            Assert.That(_service.Text("launchType"), Is.EqualTo("FARGATE"));
            Assert.That(_service.Number("deploymentMaximumPercent"), Is.EqualTo(100 * Architecture.DeploymentOverlap(ComputeKind.Fargate)));
        }
    }

    [Test]
    public void TasksUsePrivateSubnetsOnlyWhenANatExists()
    {
        var hasNat = _run.Config["switchyard:natGateways"] != "none";
        var network = _service.Map("networkConfiguration");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network.Texts("subnets"), Is.EquivalentTo(hasNat ? Mocks.PrivateSubnetIds : Mocks.PublicSubnetIds));
            Assert.That(network.Flag("assignPublicIp"), Is.EqualTo(!hasNat));
        }
    }

    [Test]
    public void TasksAdmitOnlyTheLoadBalancerOnTheContainerPort()
    {
        var taskGroup = _run.Named("aws:ec2/securityGroup:SecurityGroup", "switchyard-task").Inputs;
        var rule = (IReadOnlyDictionary<string, object>)taskGroup.List("ingress").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rule.Number("fromPort"), Is.EqualTo(ServiceEnvironment.ContainerPort));
            Assert.That(rule.Texts("securityGroups"), Is.EqualTo(new[] { "switchyard-lb-alb_id" }));
            Assert.That(rule.Texts("cidrBlocks"), Is.Empty);
        }
    }

    [Test]
    public void LoadBalancerAcceptsHttpAndHttpsFromAnywhere()
    {
        var ports = _run.Named("aws:ec2/securityGroup:SecurityGroup", "switchyard-lb-alb").Inputs.List("ingress")
            .Cast<IReadOnlyDictionary<string, object>>()
            .Select(r => r.Number("fromPort"));
        var listener = _run.Sole("aws:lb/listener:Listener").Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(ports, Is.EquivalentTo(new int?[] { 80, 443 }));
            Assert.That(_run.Sole("aws:lb/loadBalancer:LoadBalancer").Inputs.Flag("internal"), Is.False);
            Assert.That(listener.Number("port"), Is.EqualTo(80), "no certificate configured: HTTP only");
            Assert.That(((IReadOnlyDictionary<string, object>)listener.List("defaultActions").Single()).Text("type"), Is.EqualTo("forward"));
        }
    }

    [Test]
    public void ScalingTracksCpuAndRequestsPerTargetWithinTheStacksBounds()
    {
        var target = _run.Sole("aws:appautoscaling/target:Target").Inputs;
        var metrics = _run.OfType("aws:appautoscaling/policy:Policy")
            .Select(p => p.Inputs.Path("targetTrackingScalingPolicyConfiguration", "predefinedMetricSpecification").Text("predefinedMetricType"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(target.Number("minCapacity"), Is.EqualTo(_run.ConfiguredInt("switchyard:minInstances")));
            Assert.That(target.Number("maxCapacity"), Is.EqualTo(_run.ConfiguredInt("switchyard:maxInstances")));
            Assert.That(metrics, Is.EquivalentTo(new[] { "ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget" }));
        }
    }
}

/// <summary>ECS Express Mode, over either store.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.Express))]
[NonParallelizable]
public sealed class ExpressRules(string architecture, string stack)
{
    private StackRun _run = null!;
    private IReadOnlyDictionary<string, object> _service = null!;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, architecture);
        _service = _run.Sole(ComputeView.ExpressService).Inputs;
    }

    private IReadOnlyDictionary<string, object> Network => (IReadOnlyDictionary<string, object>)_service.List("networkConfigurations").Single();

    // Express Mode makes its load balancer internal when given private subnets, and has one subnet
    // list for the load balancer and the tasks: public subnets are the only internet-facing choice.
    [Test]
    public void ServiceRunsInThePublicSubnetsWhetherOrNotANatExists() =>
        Assert.That(Network.Texts("subnets"), Is.EquivalentTo(Mocks.PublicSubnetIds), $"natGateways: {_run.Config["switchyard:natGateways"]}");

    [Test]
    public void TasksReachEcrLogsAndSecretsThroughInterfaceEndpointsInTheirSubnets()
    {
        var endpoints = _run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Where(e => e.Inputs.Text("vpcEndpointType") == "Interface").ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(endpoints.Select(e => e.Inputs.Text("serviceName")),
                Is.EquivalentTo(InterfaceEndpoints.Services.Select(service => $"com.amazonaws.{Mocks.Region}.{service}")));
            Assert.That(endpoints.Select(e => e.Inputs.Flag("privateDnsEnabled")), Is.All.True);
            var zones = _run.Config.GetValueOrDefault("switchyard:interfaceEndpointZones", "all");
            var expected = zones == "all" ? Network.Texts("subnets") : Network.Texts("subnets").Take(int.Parse(zones, System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(endpoints.Select(e => e.Inputs.Texts("subnetIds")), Is.All.EqualTo(expected), $"interfaceEndpointZones: {zones}");
        }
    }

    [Test]
    public void TasksAdmitTheContainerPortOnlyFromInsideTheVpc()
    {
        var taskGroup = _run.OfType("aws:ec2/securityGroup:SecurityGroup").Single(g => StackRun.IdOf(g) == Network.Texts("securityGroups").Single());
        var rule = (IReadOnlyDictionary<string, object>)taskGroup.Inputs.List("ingress").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rule.Number("fromPort"), Is.EqualTo(ServiceEnvironment.ContainerPort));
            Assert.That(rule.Number("toPort"), Is.EqualTo(ServiceEnvironment.ContainerPort));
            Assert.That(rule.Texts("cidrBlocks"), Is.EqualTo(new[] { SharedVpc.CidrBlock }));
        }
    }

    [Test]
    public void InfrastructureRoleHasOnlyAwssManagedExpressPolicy()
    {
        var roleArn = _service.Text("infrastructureRoleArn");
        var role = _run.WithArn("aws:iam/role:Role", roleArn);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(RolePolicies.ManagedOf(_run, roleArn), Is.EqualTo(new[] { ExpressService.InfrastructurePolicy }));
            Assert.That(RolePolicies.Of(_run, roleArn), Is.Empty);
            Assert.That(role.Inputs.Text("assumeRolePolicy"), Does.Contain("ecs.amazonaws.com"));
        }
    }

    [Test]
    public void ScalingTargetFollowsTheStack()
    {
        var target = (IReadOnlyDictionary<string, object>)_service.List("scalingTargets").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(target.Text("autoScalingMetric"), Is.EqualTo("AVERAGE_CPU"));
            Assert.That(target.Number("autoScalingTargetValue"), Is.EqualTo(_run.ConfiguredInt("switchyard:cpuTargetPercent")));
            Assert.That(target.Number("minTaskCount"), Is.EqualTo(_run.ConfiguredInt("switchyard:minInstances")));
            Assert.That(target.Number("maxTaskCount"), Is.EqualTo(_run.ConfiguredInt("switchyard:maxInstances")));
        }
    }

    [Test]
    public void DeploymentWaitsForSteadyStateWithTheStacksSize()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_service.Flag("waitForSteadyState"), Is.True);
            Assert.That(_service.Text("cpu"), Is.EqualTo(_run.Config["switchyard:cpu"]));
            Assert.That(_service.Text("memory"), Is.EqualTo(_run.Config["switchyard:memory"]));
            Assert.That(_service.Text("serviceName"), Is.EqualTo($"switchyard-{stack}"));
        }
    }

    [Test]
    public async Task UrlIsThePublicIngressPathOverHttps() =>
        Assert.That(await TestingExtensions.GetValueAsync((Pulumi.Output<string>)_run.Outputs["url"]!), Is.EqualTo($"https://{Mocks.ExpressEndpoint}"));
}

/// <summary>With a certificate, HTTPS serves the traffic and HTTP only redirects.</summary>
[NonParallelizable]
public sealed class HttpsRules
{
    [Test]
    public async Task HttpRedirectsToHttpsWhenACertificateIsConfigured()
    {
        var config = RepositoryFiles.StackConfig("dev");
        config["switchyard:architecture"] = "fargate-dynamodb";
        config["switchyard:certificateArn"] = "arn:aws:acm:eu-west-1:123456789012:certificate/abc";
        var run = await StackRun.RunAsync("dev", config);

        var listeners = run.OfType("aws:lb/listener:Listener").Select(l => l.Inputs).ToList();
        var http = listeners.Single(l => l.Number("port") == 80);
        var https = listeners.Single(l => l.Number("port") == 443);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((IReadOnlyDictionary<string, object>)http.List("defaultActions").Single()).Text("type"), Is.EqualTo("redirect"));
            Assert.That(https.Text("certificateArn"), Is.EqualTo(config["switchyard:certificateArn"]));
            Assert.That(await TestingExtensions.GetValueAsync((Pulumi.Output<string>)run.Outputs["url"]!), Does.StartWith("https://"));
        }
    }
}

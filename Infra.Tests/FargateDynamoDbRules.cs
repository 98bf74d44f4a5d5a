using System.Globalization;
using System.Text.Json;

namespace Switchyard.Infra.Tests;

[TestFixture("dev")]
[TestFixture("prod")]
[NonParallelizable]
public sealed class FargateDynamoDbRules(string stack)
{
    private StackRun _run = null!;
    private IReadOnlyDictionary<string, object> _service = null!;
    private JsonElement _container;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, "fargate-dynamodb");
        _service = _run.Sole("aws:ecs/service:Service").Inputs;
        var definitions = _run.Sole("aws:ecs/taskDefinition:TaskDefinition").Inputs.Text("containerDefinitions")!;
        using var document = JsonDocument.Parse(definitions);
        _container = document.RootElement.EnumerateArray().Single().Clone();
    }

    private bool IsProd => stack == "prod";

    private Dictionary<string, string> ContainerPairs(string property, string valueName) =>
        _container.GetProperty(property).EnumerateArray().ToDictionary(
            e => e.GetProperty("name").GetString()!,
            e => e.GetProperty(valueName).GetString()!,
            StringComparer.Ordinal);

    private int ConfiguredInt(string key) => int.Parse(_run.Config[key], CultureInfo.InvariantCulture);

    [Test]
    public void ContainerHealthCheckAsksTheLivenessPathThroughTheServiceBinary()
    {
        var check = _container.GetProperty("healthCheck");
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
    public void TableIsOnDemandWithStringKeyIdAndEncrypted()
    {
        var table = _run.Sole("aws:dynamodb/table:Table").Inputs;
        var attribute = (IReadOnlyDictionary<string, object>)table.List("attributes").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.Text("billingMode"), Is.EqualTo("PAY_PER_REQUEST"));
            Assert.That(table.Text("hashKey"), Is.EqualTo("id"));
            Assert.That(table.Text("rangeKey"), Is.Null);
            Assert.That(attribute.Text("name"), Is.EqualTo("id"));
            Assert.That(attribute.Text("type"), Is.EqualTo("S"));
            Assert.That(table.Map("serverSideEncryption").Flag("enabled"), Is.True);
        }
    }

    [Test]
    public void ProdTableIsProtectedAndDevTableIsDisposable()
    {
        var table = _run.Sole("aws:dynamodb/table:Table").Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(table.Flag("deletionProtectionEnabled"), Is.EqualTo(IsProd));
            Assert.That(table.Map("pointInTimeRecovery").Flag("enabled"), Is.EqualTo(IsProd));
        }
    }

    [Test]
    public void TaskRoleMayUseOnlyTheStoresItemActionsOnThatTable()
    {
        var tableArn = _run.Sole("aws:dynamodb/table:Table").State.Text("arn");
        using var policy = JsonDocument.Parse(_run.Named("aws:iam/rolePolicy:RolePolicy", "switchyard-task-items").Inputs.Text("policy")!);
        var statement = policy.RootElement.GetProperty("Statement").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()),
                Is.EquivalentTo(new[] { "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Scan" }));
            Assert.That(statement.GetProperty("Resource").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { tableArn }));
            Assert.That(_run.OfType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").Select(a => a.Name), Has.None.Contains("task-"));
        }
    }

    [Test]
    public void EveryDynamoDbContractVariableIsPresent()
    {
        var variables = ContainerPairs("environment", "value");
        var secrets = ContainerPairs("secrets", "valueFrom");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(variables.Keys, Is.EquivalentTo(new[]
            {
                ServiceEnvironment.HttpPorts, ServiceEnvironment.StoreKind, ServiceEnvironment.AwsRegion, ServiceEnvironment.DynamoDbTableName,
            }));
            Assert.That(secrets.Keys, Is.EquivalentTo(new[] { ServiceEnvironment.AuthUsername, ServiceEnvironment.AuthPassword }));
            Assert.That(variables[ServiceEnvironment.StoreKind], Is.EqualTo(ServiceEnvironment.StoreKinds.DynamoDb));
            Assert.That(variables[ServiceEnvironment.DynamoDbTableName], Is.EqualTo(_run.Sole("aws:dynamodb/table:Table").State.Text("name")));
            Assert.That(variables[ServiceEnvironment.HttpPorts], Is.EqualTo("8080"));
        }
    }

    [Test]
    public void SecretsArriveOnlyAsSecretReferences()
    {
        var variables = ContainerPairs("environment", "value");
        var secrets = ContainerPairs("secrets", "valueFrom");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(secrets.Values, Is.All.StartWith("arn:aws:"));
            Assert.That(variables.Values, Has.None.Contains(StackRun.Password));
            Assert.That(variables.Keys, Has.None.EqualTo(ServiceEnvironment.DynamoDbServiceUrl));
        }
    }

    [Test]
    public void ContainerRunsThePushedImageDigestOnTheContractPort()
    {
        var mapping = _container.GetProperty("portMappings").EnumerateArray().Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_container.GetProperty("image").GetString(), Is.EqualTo(Mocks.RepoDigest));
            Assert.That(mapping.GetProperty("containerPort").GetInt32(), Is.EqualTo(ServiceEnvironment.ContainerPort));
        }
    }

    [Test]
    public void LogsGoToALogGroupWithRetention()
    {
        var logGroup = _run.Sole("aws:cloudwatch/logGroup:LogGroup");
        var options = _container.GetProperty("logConfiguration").GetProperty("options");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(logGroup.Inputs.Number("retentionInDays"), Is.EqualTo(ConfiguredInt("switchyard:logRetentionDays")));
            Assert.That(options.GetProperty("awslogs-group").GetString(), Is.EqualTo(logGroup.State.Text("name")));
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
            Assert.That(check.Text("path"), Is.EqualTo(ServiceEnvironment.LivenessPath));
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
            Assert.That(target.Number("minCapacity"), Is.EqualTo(ConfiguredInt("switchyard:minInstances")));
            Assert.That(target.Number("maxCapacity"), Is.EqualTo(ConfiguredInt("switchyard:maxInstances")));
            Assert.That(metrics, Is.EquivalentTo(new[] { "ECSServiceAverageCPUUtilization", "ALBRequestCountPerTarget" }));
        }
    }
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

using System.Text.Json;
using Pulumi;

namespace Switchyard.Infra.Tests;

/// <summary>What every stack gets from operations: its signals alarmed and graphed, retention on every log.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.All))]
[NonParallelizable]
public sealed class OperationsStackRules(string architecture, string stack)
{
    public const string AlarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";
    public const string AlarmPrefix = "switchyard-alarms-";

    private StackRun _run = null!;

    private Architecture Architecture => Architecture.FromName(architecture);

    [OneTimeSetUp]
    public async Task RunProgram() => _run = await StackRun.ForStackAsync(stack, architecture);

    /// <summary>The signals each compute and store must raise, by watch id.</summary>
    public static IEnumerable<string> ExpectedAlarms(Architecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        string[] compute = architecture.Compute switch
        {
            ComputeKind.AppRunner => ["server-errors", "latency-p99", "no-active-instances", "cpu", "memory"],
            ComputeKind.Fargate => ["server-errors", "latency-p99", "unhealthy-targets", "cpu", "memory", "no-running-tasks"],
            _ => ["cpu", "memory", "no-running-tasks"],
        };
        string[] store = architecture.Store == StoreKind.Rds
            ? ["db-cpu", "db-free-storage", "db-connections", "db-freeable-memory"]
            : ["throttled-requests", "system-errors"];
        return [.. compute, .. store];
    }

    private RegisteredResource Alarm(string id) => _run.Named(AlarmType, AlarmPrefix + id);

    private IEnumerable<IReadOnlyDictionary<string, object>> Metrics(string id) =>
        Alarm(id).Inputs.List("metricQueries").Cast<IReadOnlyDictionary<string, object>>()
            .Where(q => q.Text("expression") is null).Select(q => q.Map("metric"));

    [Test]
    public void TheComputeAndTheStoreRaiseEveryAlarmTheirPlatformPublishes() =>
        Assert.That(_run.OfType(AlarmType).Select(a => a.Name), Is.EquivalentTo(ExpectedAlarms(Architecture).Select(id => AlarmPrefix + id)));

    [Test]
    public void EveryAlarmNotifiesTheStacksTopic()
    {
        var topicArn = _run.Sole("aws:sns/topic:Topic").State.Text("arn");
        using (Assert.EnterMultipleScope())
        {
            foreach (var alarm in _run.OfType(AlarmType))
            {
                Assert.That(alarm.Inputs.Texts("alarmActions"), Is.EqualTo(new[] { topicArn }), alarm.Name);
                Assert.That(alarm.Inputs.Texts("okActions"), Is.EqualTo(new[] { topicArn }), alarm.Name);
            }
        }
    }

    [Test]
    public async Task AlarmsReadTheMetricsOfThisStacksOwnResources()
    {
        using (Assert.EnterMultipleScope())
        {
            switch (Architecture.Compute)
            {
                case ComputeKind.AppRunner:
                    var service = _run.Sole("aws:apprunner/service:Service").State;
                    Assert.That(Metrics("latency-p99").Single().Map("dimensions").Text("ServiceID"), Is.EqualTo(service.Text("serviceId")));
                    Assert.That(Metrics("latency-p99").Single().Map("dimensions").Text("ServiceName"), Is.EqualTo(service.Text("serviceName")));
                    break;
                case ComputeKind.Fargate:
                    var balancer = _run.Sole("aws:lb/loadBalancer:LoadBalancer").State.Text("arnSuffix");
                    var targets = _run.Sole("aws:lb/targetGroup:TargetGroup").State.Text("arnSuffix");
                    Assert.That(Metrics("latency-p99").Single().Map("dimensions").Text("LoadBalancer"), Is.EqualTo(balancer));
                    Assert.That(Metrics("latency-p99").Single().Map("dimensions").Text("TargetGroup"), Is.EqualTo(targets));
                    Assert.That(Metrics("cpu").Single().Map("dimensions").Text("ServiceName"),
                        Is.EqualTo(_run.Sole("aws:ecs/service:Service").State.Text("name")));
                    break;
                default:
                    Assert.That(Metrics("cpu").Single().Map("dimensions").Text("ServiceName"),
                        Is.EqualTo(_run.Sole("aws:ecs/expressGatewayService:ExpressGatewayService").Inputs.Text("serviceName")));
                    Assert.That(Metrics("cpu").Single().Map("dimensions").Text("ClusterName"), Is.EqualTo("default"));
                    break;
            }

            if (Architecture.Store == StoreKind.Rds)
            {
                Assert.That(Metrics("db-cpu").Single().Map("dimensions").Text("DBInstanceIdentifier"),
                    Is.EqualTo(_run.Sole("aws:rds/instance:Instance").State.Text("identifier")));
            }
            else
            {
                Assert.That(Metrics("throttled-requests").Select(m => m.Map("dimensions").Text("TableName")),
                    Is.All.EqualTo(await TestingExtensions.GetValueAsync((Output<string>)_run.Outputs["tableName"]!)));
            }
        }
    }

    [Test]
    public void TheDashboardGraphsEveryAlarm()
    {
        using var body = JsonDocument.Parse(_run.Sole("aws:cloudwatch/dashboard:Dashboard").Inputs.Text("dashboardBody")!);
        var titles = body.RootElement.GetProperty("widgets").EnumerateArray()
            .Select(w => w.GetProperty("properties").GetProperty("title").GetString());
        Assert.That(titles, Is.EquivalentTo(_run.OfType(AlarmType).Select(a => a.Inputs.Text("alarmDescription"))));
    }

    [Test]
    public async Task TheDashboardUrlIsAStackOutput() =>
        Assert.That(await TestingExtensions.GetValueAsync((Output<string>)_run.Outputs["dashboardUrl"]!),
            Does.StartWith("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=switchyard-"));

    [Test]
    public void NobodyIsSubscribedUnlessTheStackNamesAnAddress() =>
        Assert.That(_run.OfType("aws:sns/topicSubscription:TopicSubscription"), Is.Empty);
}

/// <summary>Deployments an alarm sees going wrong are rolled back, and a configured address hears of it.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.Fargate))]
[NonParallelizable]
public sealed class DeploymentAlarmRules(string architecture, string stack)
{
    private StackRun _run = null!;

    [OneTimeSetUp]
    public async Task RunProgram() => _run = await StackRun.ForStackAsync(stack, architecture);

    [Test]
    public void TheServiceRollsBackOnTheErrorAlarmBesideTheCircuitBreaker()
    {
        var service = _run.Sole("aws:ecs/service:Service").Inputs;
        var errors = _run.Named(OperationsStackRules.AlarmType, OperationsStackRules.AlarmPrefix + "server-errors").State.Text("name");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(service.Map("alarms").Flag("enable"), Is.True);
            Assert.That(service.Map("alarms").Flag("rollback"), Is.True);
            Assert.That(service.Map("alarms").Texts("alarmNames"), Is.EqualTo(new[] { errors }));
            Assert.That(service.Map("deploymentCircuitBreaker").Flag("rollback"), Is.True);
        }
    }

    [Test]
    public void TheLoadBalancerDropsInvalidHeadersAndIsProtectedWithTheStack()
    {
        var balancer = _run.Sole("aws:lb/loadBalancer:LoadBalancer").Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(balancer.Flag("dropInvalidHeaderFields"), Is.True);
            Assert.That(balancer.Flag("enableDeletionProtection"), Is.EqualTo(stack == "prod"));
        }
    }

    [Test]
    public void AccessLogsGoToTheProgramsBucketWhereTheStackAsks()
    {
        var logs = _run.Sole("aws:lb/loadBalancer:LoadBalancer").Inputs.Map("accessLogs");
        var buckets = _run.OfType("aws:s3/bucket:Bucket").ToList();
        if (stack != "prod")
        {
            Assert.That((logs.Count, buckets.Count), Is.EqualTo((0, 0)), "dev writes no access logs");
            return;
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(logs.Flag("enabled"), Is.True);
            Assert.That(logs.Text("bucket"), Is.EqualTo(buckets.Single().State.Text("bucket")));
            Assert.That(logs.Text("prefix"), Is.EqualTo(Operations.AccessLogBucket.Prefix));
            Assert.That(_run.Sole("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").Inputs.List("rules")
                .Cast<IReadOnlyDictionary<string, object>>().Single().Map("expiration").Number("days"),
                Is.EqualTo(_run.ConfiguredInt("switchyard:logRetentionDays")));
            Assert.That(buckets.Single().Inputs.Flag("forceDestroy"), Is.False, "prod keeps its logs on destroy");
        }
    }
}

/// <summary>App Runner's own log groups get the stack's retention too.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.AppRunner))]
[NonParallelizable]
public sealed class AppRunnerLogRetentionRules(string architecture, string stack)
{
    private StackRun _run = null!;

    [OneTimeSetUp]
    public async Task RunProgram() => _run = await StackRun.ForStackAsync(stack, architecture);

    [Test]
    public void BothLogGroupsAppRunnerCreatesGetTheConfiguredRetention()
    {
        var service = _run.Sole("aws:apprunner/service:Service").State;
        using var input = JsonDocument.Parse(_run.Sole("aws:lambda/invocation:Invocation").Inputs.Text("input")!);
        var prefix = $"/aws/apprunner/{service.Text("serviceName")}/{service.Text("serviceId")}/";
        using (Assert.EnterMultipleScope())
        {
            Assert.That(input.RootElement.GetProperty("logGroups").EnumerateArray().Select(g => g.GetString()),
                Is.EquivalentTo(new[] { prefix + "service", prefix + "application" }));
            Assert.That(input.RootElement.GetProperty("retentionDays").GetInt32(), Is.EqualTo(_run.ConfiguredInt("switchyard:logRetentionDays")));
        }
    }

    [Test]
    public void TheRetentionFunctionMayTouchOnlyThisServicesLogGroups()
    {
        var service = _run.Sole("aws:apprunner/service:Service").State;
        var policies = _run.OfType("aws:iam/rolePolicy:RolePolicy").Select(p => p.Inputs.Text("policy")!)
            .Where(p => p.Contains("logs:PutRetentionPolicy", StringComparison.Ordinal)).ToList();
        using var policy = JsonDocument.Parse(policies.Single());
        var statement = policy.RootElement.GetProperty("Statement").EnumerateArray()
            .Single(s => s.GetProperty("Action").EnumerateArray().Any(a => a.GetString() == "logs:PutRetentionPolicy"));
        Assert.That(statement.GetProperty("Resource").EnumerateArray().Select(r => r.GetString()),
            Is.EqualTo(new[] { $"arn:aws:logs:*:*:log-group:/aws/apprunner/{service.Text("serviceName")}/*" }));
    }
}

/// <summary>A configured address is subscribed to the alarm topic.</summary>
[NonParallelizable]
public sealed class AlarmEmailRules
{
    [Test]
    public async Task AConfiguredAddressIsSubscribedToTheTopic()
    {
        var config = RepositoryFiles.StackConfig("dev");
        config["switchyard:alarmEmail"] = "oncall@example.com";
        var run = await StackRun.RunAsync("dev", config);
        var subscription = run.Sole("aws:sns/topicSubscription:TopicSubscription").Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(subscription.Text("endpoint"), Is.EqualTo("oncall@example.com"));
            Assert.That(subscription.Text("protocol"), Is.EqualTo("email"));
            Assert.That(subscription.Text("topic"), Is.EqualTo(run.Sole("aws:sns/topic:Topic").State.Text("arn")));
        }
    }
}

using System.Text.Json;
using Pulumi;
using Switchyard.Infra.Operations;

namespace Switchyard.Infra.Tests;

/// <summary>
/// The operations components under mocks, fed every compute's and store's signals: alarms to one
/// topic, the dashboard graphing what pages, and the access-log bucket's hardening.
/// </summary>
[NonParallelizable]
public sealed class OperationsRules
{
    private const string AlarmType = "aws:cloudwatch/metricAlarm:MetricAlarm";
    private const int MaxConnections = 337;
    private static readonly string[] TableOperations = ["GetItem", "PutItem", "UpdateItem", "DeleteItem", "Scan"];

    private StackRun _run = null!;
    private AlarmThresholds _thresholds = null!;

    public static IReadOnlyList<Watch> EveryWatch(AlarmThresholds thresholds) =>
    [
        .. Signals.LoadBalancer(Output.Create("app/lb/1"), Output.Create("targetgroup/tg/2"), thresholds),
        .. Signals.EcsService(Output.Create("cluster"), Output.Create("service"), thresholds)
            .Select(w => w with { Id = $"ecs-{w.Id}" }),
        .. Signals.AppRunner(Output.Create("apprunner"), Output.Create("0123"), thresholds)
            .Select(w => w with { Id = $"apprunner-{w.Id}" }),
        .. Signals.Postgres(Output.Create("db-1"), MaxConnections, thresholds),
        .. Signals.DynamoDb(Output.Create("items"), TableOperations),
    ];

    [OneTimeSetUp]
    public async Task RunComponents()
    {
        var config = RepositoryFiles.StackConfig("prod");
        config["switchyard:alarmEmail"] = "oncall@example.com";
        config["switchyard:alarmErrorPercent"] = "7";
        _thresholds = RepositoryFiles.Settings(config).Alarms;
        _run = await StackRun.RunProgramAsync("prod", config, () =>
        {
            var watches = EveryWatch(_thresholds);
            var alarms = new StackAlarms("ops", new StackAlarmsArgs { Email = "oncall@example.com" });
            _ = alarms.Watch(watches);
            var dashboard = new StackDashboard("ops", new StackDashboardArgs { Region = "eu-west-1", Watches = watches });
            var bucket = new AccessLogBucket("ops-logs", new AccessLogBucketArgs { ExpireAfterDays = 90, ForceDestroy = false });
            return new Dictionary<string, object?>
            {
                ["dashboardUrl"] = dashboard.Url,
                ["topicArn"] = alarms.TopicArn,
                ["bucket"] = bucket.BucketName,
            };
        });
    }

    private RegisteredResource Alarm(string id) => _run.Named(AlarmType, $"ops-{id}");

    [Test]
    public void EveryWatchedSignalHasOneAlarmNotifyingTheTopicOnAlarmAndRecovery()
    {
        var topicArn = _run.Sole("aws:sns/topic:Topic").State.Text("arn");
        var alarms = _run.OfType(AlarmType).ToList();
        Assert.That(alarms, Has.Count.EqualTo(EveryWatch(_thresholds).Count));
        foreach (var alarm in alarms)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(alarm.Inputs.Texts("alarmActions"), Is.EqualTo(new[] { topicArn }), alarm.Name);
                Assert.That(alarm.Inputs.Texts("okActions"), Is.EqualTo(new[] { topicArn }), alarm.Name);
            }
        }
    }

    [Test]
    public void CloudWatchCanPublishToTheTopicWhichMailsTheConfiguredAddress()
    {
        var subscription = _run.Sole("aws:sns/topicSubscription:TopicSubscription").Inputs;
        using (Assert.EnterMultipleScope())
        {
            // Under the AWS-managed key (alias/aws/sns) CloudWatch's notifications would be dropped silently.
            Assert.That(_run.Sole("aws:sns/topic:Topic").Inputs.Text("kmsMasterKeyId"), Is.Null);
            Assert.That(subscription.Text("protocol"), Is.EqualTo("email"));
            Assert.That(subscription.Text("endpoint"), Is.EqualTo("oncall@example.com"));
        }
    }

    [Test]
    public void ServerErrorsAlarmOnTheShareOf5xxOverFiveMinutes()
    {
        var queries = Alarm("server-errors").Inputs.List("metricQueries").Cast<IReadOnlyDictionary<string, object>>().ToList();
        var signal = queries.Single(q => q.Text("expression") is not null);
        var metrics = queries.Where(q => q.Text("expression") is null).Select(q => q.Map("metric")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(signal.Text("expression"), Is.EqualTo("IF(requests > 0, 100 * (FILL(target5xx, 0) + FILL(elb5xx, 0)) / requests, 0)"));
            Assert.That(signal.Flag("returnData"), Is.True);
            Assert.That(metrics.Select(m => m.Text("metricName")),
                Is.EquivalentTo(new[] { "RequestCount", "HTTPCode_Target_5XX_Count", "HTTPCode_ELB_5XX_Count" }));
            Assert.That(metrics.Select(m => m.Number("period")), Is.All.EqualTo(300));
            Assert.That(metrics.Select(m => m.Text("stat")), Is.All.EqualTo("Sum"));
            Assert.That(Alarm("server-errors").Inputs.Get("threshold"), Is.EqualTo(7d), "switchyard:alarmErrorPercent");
        }
    }

    [Test]
    public void AppRunnerAlarmsUseItsOwnNamespaceAndServiceDimensions()
    {
        var metric = SoleMetric("apprunner-latency-p99");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(metric.Text("namespace"), Is.EqualTo("AWS/AppRunner"));
            Assert.That(metric.Text("metricName"), Is.EqualTo("RequestLatency"));
            Assert.That(metric.Text("stat"), Is.EqualTo("p99"));
            Assert.That(metric.Map("dimensions").Keys, Is.EquivalentTo(new[] { "ServiceName", "ServiceID" }));
            Assert.That(Alarm("apprunner-latency-p99").Inputs.Get("threshold"), Is.EqualTo(_thresholds.LatencyMs));
        }
    }

    [Test]
    public void LoadBalancerLatencyIsComparedInSeconds() =>
        Assert.That(Alarm("latency-p99").Inputs.Get("threshold"), Is.EqualTo(_thresholds.LatencyMs / 1000));

    [Test]
    public void LosingEveryInstanceIsAnAlarmEvenThoughItSilencesTheMetric()
    {
        foreach (var id in new[] { "ecs-no-running-tasks", "apprunner-no-active-instances" })
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(Alarm(id).Inputs.Text("treatMissingData"), Is.EqualTo("breaching"), id);
                Assert.That(Alarm(id).Inputs.Text("comparisonOperator"), Is.EqualTo("LessThanThreshold"), id);
            }
        }
    }

    [Test]
    public void DatabaseConnectionsAlarmAtTheConfiguredShareOfMaxConnections()
    {
        var metric = SoleMetric("db-connections");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(metric.Text("namespace"), Is.EqualTo("AWS/RDS"));
            Assert.That(metric.Map("dimensions").Text("DBInstanceIdentifier"), Is.EqualTo("db-1"));
            Assert.That(Alarm("db-connections").Inputs.Get("threshold"),
                Is.EqualTo(Math.Floor(MaxConnections * _thresholds.DbConnectionsPercent / 100)));
        }
    }

    [Test]
    public void DynamoDbAlarmsSumEveryOperationTheStorePerforms()
    {
        foreach (var id in new[] { "throttled-requests", "system-errors" })
        {
            var metrics = Alarm(id).Inputs.List("metricQueries").Cast<IReadOnlyDictionary<string, object>>()
                .Where(q => q.Text("expression") is null).Select(q => q.Map("metric")).ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(metrics.Select(m => m.Map("dimensions").Text("Operation")), Is.EquivalentTo(TableOperations), id);
                Assert.That(metrics.Select(m => m.Map("dimensions").Text("TableName")), Is.All.EqualTo("items"), id);
                Assert.That(Alarm(id).Inputs.Get("threshold"), Is.EqualTo(0d), id);
            }
        }
    }

    [Test]
    public void TheDashboardGraphsEveryWatchedSignalWithItsThreshold()
    {
        using var body = JsonDocument.Parse(_run.Sole("aws:cloudwatch/dashboard:Dashboard").Inputs.Text("dashboardBody")!);
        var widgets = body.RootElement.GetProperty("widgets").EnumerateArray().ToList();
        var watches = EveryWatch(_thresholds);
        Assert.That(widgets, Has.Count.EqualTo(watches.Count));
        foreach (var (widget, watch) in widgets.Zip(watches))
        {
            var properties = widget.GetProperty("properties");
            var rows = properties.GetProperty("metrics").EnumerateArray().ToList();
            var seriesRows = rows.Where(r => r[0].ValueKind == JsonValueKind.String).ToList();
            using (Assert.EnterMultipleScope())
            {
                Assert.That(properties.GetProperty("title").GetString(), Is.EqualTo(watch.Description));
                Assert.That(properties.GetProperty("region").GetString(), Is.EqualTo("eu-west-1"));
                Assert.That(seriesRows.Select(r => r[1].GetString()), Is.EqualTo(watch.Series.Select(s => s.MetricName)), watch.Id);
                Assert.That(properties.GetProperty("annotations").GetProperty("horizontal")[0].GetProperty("value").GetDouble(),
                    Is.EqualTo(watch.Threshold), watch.Id);
            }
        }
    }

    [Test]
    public async Task TheDashboardUrlOpensItInTheConsole() =>
        Assert.That(await TestingExtensions.GetValueAsync((Output<string>)_run.Outputs["dashboardUrl"]!),
            Is.EqualTo("https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=ops-prod"));

    [Test]
    public void AccessLogBucketIsEncryptedPrivateAndExpiresItsLogs()
    {
        var encryption = _run.Sole("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration").Inputs;
        var block = _run.Sole("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").Inputs;
        var rule = (IReadOnlyDictionary<string, object>)_run.Sole("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").Inputs.List("rules").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((IReadOnlyDictionary<string, object>)encryption.List("rules").Single()).Map("applyServerSideEncryptionByDefault").Text("sseAlgorithm"),
                Is.EqualTo("AES256"));
            Assert.That(new[] { "blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets" }.Select(block.Flag),
                Is.All.True);
            Assert.That(rule.Text("status"), Is.EqualTo("Enabled"));
            Assert.That(rule.Map("expiration").Number("days"), Is.EqualTo(90));
            Assert.That(_run.Sole("aws:s3/bucketOwnershipControls:BucketOwnershipControls").Inputs.Map("rule").Text("objectOwnership"),
                Is.EqualTo("BucketOwnerEnforced"));
            Assert.That(_run.Sole("aws:s3/bucket:Bucket").Inputs.Flag("forceDestroy"), Is.False);
        }
    }

    [Test]
    public void OnlyTheRegionsElbLogDeliveryAccountMayWriteAndOnlyUnderThePrefix()
    {
        using var policy = JsonDocument.Parse(_run.Sole("aws:s3/bucketPolicy:BucketPolicy").Inputs.Text("policy")!);
        var statements = policy.RootElement.GetProperty("Statement").EnumerateArray().ToList();
        var allow = statements.Single(s => s.GetProperty("Effect").GetString() == "Allow");
        var deny = statements.Single(s => s.GetProperty("Effect").GetString() == "Deny");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(allow.GetProperty("Principal").GetProperty("AWS").GetString(), Is.EqualTo(Mocks.ElbLogDeliveryArn));
            Assert.That(allow.GetProperty("Action").GetString(), Is.EqualTo("s3:PutObject"));
            Assert.That(allow.GetProperty("Resource").GetString(), Does.EndWith($"/{AccessLogBucket.Prefix}/AWSLogs/*"));
            Assert.That(deny.GetProperty("Condition").GetProperty("Bool").GetProperty("aws:SecureTransport").GetString(), Is.EqualTo("false"));
        }
    }

    private IReadOnlyDictionary<string, object> SoleMetric(string id) =>
        Alarm(id).Inputs.List("metricQueries").Cast<IReadOnlyDictionary<string, object>>().Single().Map("metric");
}

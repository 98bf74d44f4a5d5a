using Pulumi;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra.Tests;

/// <summary>Rules every stack obeys, whichever architecture it runs.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.All))]
[NonParallelizable]
public sealed class SharedRules(string architecture, string stack)
{
    private StackRun _run = null!;
    private ComputeView _compute = null!;
    private Architecture _architecture = null!;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, architecture);
        _compute = ComputeView.Of(_run);
        _architecture = Architecture.FromName(architecture);
    }

    private bool OverRds => _architecture.Store == StoreKind.Rds;

    [Test]
    public void TheFlagSelectsExactlyOneComputeAndOneStore()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_run.OfType(ComputeView.AppRunnerService).Count(), Is.EqualTo(_architecture.Compute == ComputeKind.AppRunner ? 1 : 0));
            Assert.That(_run.OfType(ComputeView.EcsService).Count(), Is.EqualTo(_architecture.Compute == ComputeKind.Fargate ? 1 : 0));
            Assert.That(_run.OfType(ComputeView.ExpressService).Count(), Is.EqualTo(_architecture.Compute == ComputeKind.Express ? 1 : 0));
            Assert.That(_run.OfType("aws:rds/instance:Instance").Count(), Is.EqualTo(OverRds ? 1 : 0));
            Assert.That(_run.OfType("aws:dynamodb/table:Table").Count(), Is.EqualTo(OverRds ? 0 : 1));
        }
    }

    [Test]
    public void ContainerGetsExactlyTheContractForItsStore()
    {
        string[] common = [ServiceEnvironment.HttpPorts, ServiceEnvironment.StoreKind, ServiceEnvironment.AwsRegion];
        string[] storeVariables = OverRds
            ? [ServiceEnvironment.PostgresHost, ServiceEnvironment.PostgresPort, ServiceEnvironment.PostgresDatabase, ServiceEnvironment.PostgresMaxPoolSize]
            : [ServiceEnvironment.DynamoDbTableName];
        string[] secrets = OverRds
            ? [ServiceEnvironment.PostgresCredentials, ServiceEnvironment.AuthUsername, ServiceEnvironment.AuthPassword]
            : [ServiceEnvironment.AuthUsername, ServiceEnvironment.AuthPassword];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_compute.Variables.Keys, Is.EquivalentTo(common.Concat(storeVariables)));
            Assert.That(_compute.Secrets.Keys, Is.EquivalentTo(secrets));
            Assert.That(_compute.Variables[ServiceEnvironment.StoreKind],
                Is.EqualTo(OverRds ? ServiceEnvironment.StoreKinds.Postgres : ServiceEnvironment.StoreKinds.DynamoDb));
            Assert.That(_compute.Variables[ServiceEnvironment.HttpPorts], Is.EqualTo("8080"));
            Assert.That(_compute.Variables[ServiceEnvironment.AwsRegion], Is.EqualTo(Mocks.Region));
            Assert.That(_compute.Port, Is.EqualTo(ServiceEnvironment.ContainerPort));
            Assert.That(_compute.Image, Is.EqualTo(Mocks.RepoDigest));
        }
    }

    [Test]
    public void StoreVariablesPointAtTheStoreTheStackCreated()
    {
        if (OverRds)
        {
            var database = _run.Sole("aws:rds/instance:Instance").State;
            var pool = ConnectionBudget.PerInstancePoolSize(_run.Config["switchyard:dbInstanceClass"], 0,
                _run.ConfiguredInt("switchyard:maxInstances"), Architecture.DeploymentOverlap(_architecture.Compute));
            using (Assert.EnterMultipleScope())
            {
                Assert.That(_compute.Variables[ServiceEnvironment.PostgresHost], Is.EqualTo(database.Text("address")));
                Assert.That(_compute.Variables[ServiceEnvironment.PostgresPort], Is.EqualTo("5432"));
                Assert.That(_compute.Variables[ServiceEnvironment.PostgresDatabase], Is.EqualTo("switchyard"));
                Assert.That(_compute.Variables[ServiceEnvironment.PostgresMaxPoolSize], Is.EqualTo(pool.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.That(_compute.Secrets[ServiceEnvironment.PostgresCredentials], Is.EqualTo(Mocks.DatabaseSecretArn));
            }
        }
        else
        {
            Assert.That(_compute.Variables[ServiceEnvironment.DynamoDbTableName], Is.EqualTo(_run.Sole("aws:dynamodb/table:Table").State.Text("name")));
        }
    }

    [Test]
    public void SecretsArriveOnlyAsSecretReferences()
    {
        var secretArns = _run.OfType("aws:secretsmanager/secretVersion:SecretVersion").Select(v => v.State.Text("arn")).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_compute.Secrets.Values, Is.All.StartWith("arn:aws:"));
            Assert.That(_compute.Secrets[ServiceEnvironment.AuthUsername], Is.AnyOf([.. secretArns]));
            Assert.That(_compute.Secrets[ServiceEnvironment.AuthPassword], Is.AnyOf([.. secretArns]));
            Assert.That(_compute.Variables.Values, Has.None.Contains(StackRun.Password));
            Assert.That(_compute.Variables.Keys, Has.None.EqualTo(ServiceEnvironment.AuthPassword));
            Assert.That(_compute.Variables.Keys, Has.None.EqualTo(ServiceEnvironment.PostgresCredentials));
            Assert.That(_compute.Variables.Keys, Has.None.EqualTo(ServiceEnvironment.DynamoDbServiceUrl));
        }
    }

    [Test]
    public void RuntimeRoleIsScopedToItsStore()
    {
        var statements = RolePolicies.Of(_run, _compute.RuntimeRoleArn);
        var storeGrant = statements.Where(s => s.PolicyName.EndsWith("-store", StringComparison.Ordinal)).ToList();
        var others = statements.Except(storeGrant).ToList();
        var (actions, resource) = OverRds
            ? ((IReadOnlyList<string>)["secretsmanager:GetSecretValue"], Mocks.DatabaseSecretArn)
            : (DynamoDbTable.ItemActions, _run.Sole("aws:dynamodb/table:Table").State.Text("arn")!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(storeGrant, Has.Count.EqualTo(1));
            Assert.That(storeGrant.Single().Actions, Is.EquivalentTo(actions));
            Assert.That(storeGrant.Single().Resources, Is.EqualTo(new[] { resource }));
            // App Runner's runtime role also fetches the injected secrets; nothing else is allowed.
            Assert.That(others.SelectMany(s => s.Actions), Is.All.EqualTo("secretsmanager:GetSecretValue"));
            Assert.That(others.SelectMany(s => s.Resources), Is.SubsetOf(_compute.Secrets.Values));
            Assert.That(RolePolicies.ManagedOf(_run, _compute.RuntimeRoleArn), Is.Empty);
        }
    }

    [Test]
    public void EveryHealthCheckUsesTheLivenessPath() =>
        Assert.That(_compute.HealthCheckPaths, Is.Not.Empty.And.All.EqualTo(ServiceEnvironment.LivenessPath));

    [Test]
    public void EveryLogGroupKeepsLogsForTheConfiguredRetention() =>
        Assert.That(_run.OfType("aws:cloudwatch/logGroup:LogGroup").Select(g => g.Inputs.Number("retentionInDays")),
            Is.All.EqualTo(_run.ConfiguredInt("switchyard:logRetentionDays")));

    [Test]
    public void NatModeFollowsTheStack()
    {
        var vpc = _run.Sole("awsx:ec2:Vpc").Inputs;
        var expected = _run.Config["switchyard:natGateways"] switch
        {
            "single" => "Single",
            "per-az" => "OnePerAz",
            _ => "None",
        };
        using (Assert.EnterMultipleScope())
        {
            Assert.That(vpc.Map("natGateways").Text("strategy"), Is.EqualTo(expected));
            Assert.That(vpc.Number("numberOfAvailabilityZones"), Is.EqualTo(int.Parse(_run.Config["switchyard:availabilityZones"], System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    [Test]
    public void S3AndDynamoDbGatewayEndpointsServeEveryRouteTable()
    {
        var endpoints = _run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Select(e => e.Inputs).Where(e => e.Text("vpcEndpointType") == "Gateway").ToList();
        Assert.That(endpoints.Select(e => e.Text("serviceName")),
            Is.EquivalentTo(new[] { "com.amazonaws.eu-west-1.s3", "com.amazonaws.eu-west-1.dynamodb" }));
        foreach (var endpoint in endpoints)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(endpoint.Text("vpcEndpointType"), Is.EqualTo("Gateway"));
                Assert.That(endpoint.Texts("routeTableIds"), Is.EquivalentTo(Mocks.RouteTableIds));
            }
        }
    }

    [Test]
    public void ImageIsBuiltFromTheRootDockerfileForLinuxAmd64()
    {
        var build = _run.Sole("docker:index/image:Image").Inputs.Map("build");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.Text("platform"), Is.EqualTo("linux/amd64"));
            Assert.That(build.Text("context"), Is.EqualTo(".."));
            Assert.That(build.Text("dockerfile"), Is.EqualTo("../Dockerfile"));
        }
    }

    [Test]
    public void EcrRepositoryScansOnPushAndKeepsOnlyRecentImages()
    {
        var repository = _run.Sole("aws:ecr/repository:Repository").Inputs;
        var policy = _run.Sole("aws:ecr/lifecyclePolicy:LifecyclePolicy").Inputs.Text("policy");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(repository.Map("imageScanningConfiguration").Flag("scanOnPush"), Is.True);
            Assert.That(repository.Flag("forceDelete"), Is.EqualTo(stack != "prod"), "force-delete only outside prod");
            Assert.That(policy, Does.Contain("imageCountMoreThan"));
        }
    }

    [Test]
    public void BasicAuthPasswordIsStoredOnlyInSecretsManager()
    {
        var holders = _run.Resources
            .Where(r => r.Inputs.Values.Any(v => Values.HoldsText(v, StackRun.Password)))
            .Select(r => r.Type)
            .Distinct();
        Assert.That(holders, Is.EquivalentTo(new[] { "aws:secretsmanager/secretVersion:SecretVersion" }));
    }

    [Test]
    public async Task NoStackOutputIsSecretOrHoldsASecret()
    {
        Assert.That(_run.Outputs.Keys, Is.SupersetOf(new[] { "url", "architecture", OverRds ? "databaseEndpoint" : "tableName" }));
        await TestingExtensions.AssertNoOutputIsSecretOrHoldsAsync(_run.Outputs, StackRun.Password);
    }

    [Test]
    public async Task OutputsNameTheArchitectureAndAServiceUrl()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(await TestingExtensions.GetValueAsync((Output<string>)_run.Outputs["architecture"]!), Is.EqualTo(architecture));
            Assert.That(await TestingExtensions.GetValueAsync((Output<string>)_run.Outputs["url"]!), Does.StartWith("http"));
        }
    }

    [Test]
    public void SecretsAreRecoverableOnlyWhereTheStackProtectsData()
    {
        var windows = _run.OfType("aws:secretsmanager/secret:Secret").Select(s => s.Inputs.Number("recoveryWindowInDays"));
        Assert.That(windows, Is.All.EqualTo(stack == "prod" ? 30 : 0));
    }
}

public static class TestingExtensions
{
    /// <summary>No output is marked secret, and none holds <paramref name="secretValue"/> in plain text.</summary>
    public static async Task AssertNoOutputIsSecretOrHoldsAsync(IDictionary<string, object?> outputs, string secretValue)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        foreach (var (key, value) in outputs)
        {
            var (text, secret) = await ReadAsync(value);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(secret, Is.False, key);
                Assert.That(text, Does.Not.Contain(secretValue), key);
            }
        }
    }

    /// <summary>Any stack output as text (numbers invariant, maps as JSON) and whether it is secret.</summary>
    public static async Task<(string Text, bool Secret)> ReadAsync(object? output) => output switch
    {
        Output<string> text => (await GetValueAsync(text), await Output.IsSecretAsync(text)),
        Output<double> number => ((await GetValueAsync(number)).ToString(System.Globalization.CultureInfo.InvariantCulture), await Output.IsSecretAsync(number)),
        Output<System.Collections.Immutable.ImmutableDictionary<string, double>> map =>
            (System.Text.Json.JsonSerializer.Serialize(await GetValueAsync(map)), await Output.IsSecretAsync(map)),
        _ => throw new ArgumentException($"A stack output of an unexpected type: {output?.GetType()}", nameof(output)),
    };

    /// <summary>The value inside an output (the mock engine always knows it).</summary>
    public static Task<T> GetValueAsync<T>(Output<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = output.Apply(value =>
        {
            result.SetResult(value);
            return value;
        });
        return result.Task;
    }
}

using Pulumi;

namespace Switchyard.Infra.Tests;

/// <summary>Rules every stack obeys, whichever architecture it runs.</summary>
[TestFixture("apprunner-rds", "dev")]
[TestFixture("apprunner-rds", "prod")]
[TestFixture("fargate-dynamodb", "dev")]
[TestFixture("fargate-dynamodb", "prod")]
[NonParallelizable]
public sealed class SharedRules(string architecture, string stack)
{
    private StackRun _run = null!;

    [OneTimeSetUp]
    public async Task RunProgram() => _run = await StackRun.ForStackAsync(stack, architecture);

    [Test]
    public void TheFlagSelectsExactlyOneArchitecture()
    {
        var appRunner = _run.OfType("aws:apprunner/service:Service").Count() + _run.OfType("aws:rds/instance:Instance").Count();
        var fargate = _run.OfType("aws:ecs/service:Service").Count() + _run.OfType("aws:dynamodb/table:Table").Count();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(appRunner, Is.EqualTo(architecture == "apprunner-rds" ? 2 : 0), "App Runner service + RDS instance");
            Assert.That(fargate, Is.EqualTo(architecture == "fargate-dynamodb" ? 2 : 0), "ECS service + DynamoDB table");
        }
    }

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
        var endpoints = _run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Select(e => e.Inputs).ToList();
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
        Assert.That(_run.Outputs.Keys, Is.SupersetOf(new[] { "url", "architecture" }));
        foreach (var (key, value) in _run.Outputs)
        {
            var output = (Output<string>)value!;
            var text = await TestingExtensions.GetValueAsync(output);
            using (Assert.EnterMultipleScope())
            {
                Assert.That(await Output.IsSecretAsync(output), Is.False, key);
                Assert.That(text, Does.Not.Contain(StackRun.Password), key);
            }
        }
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

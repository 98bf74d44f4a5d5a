using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;

namespace Switchyard.Infra.Tests;

/// <summary>Every network source under two architectures; what each source may and may not create.</summary>
[NonParallelizable]
public sealed class NetworkRules
{
    private static readonly string[] ExistingPublic = ["subnet-pub-a", "subnet-pub-b"];
    private static readonly string[] ExistingPrivate = ["subnet-priv-a", "subnet-priv-b"];
    private static readonly string[] NetworkTypes = ["awsx:ec2:Vpc", "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/natGateway:NatGateway"];

    private static Dictionary<string, string> Config(string architecture, string network)
    {
        var config = RepositoryFiles.StackConfig("dev");
        config["switchyard:architecture"] = architecture;
        switch (network)
        {
            case "existing":
                config["switchyard:network"] = "existing";
                config["switchyard:vpcId"] = Mocks.ExistingVpcId;
                config["switchyard:publicSubnetIds"] = string.Join(",", ExistingPublic);
                config["switchyard:privateSubnetIds"] = string.Join(", ", ExistingPrivate);
                break;
            case "stack":
                config["switchyard:network"] = "stack";
                config["switchyard:networkStack"] = "acme/switchyard/network";
                break;
        }

        return config;
    }

    private static (string[] Public, string[] Private, string VpcId) Expected(string network) => network switch
    {
        "existing" => (ExistingPublic, ExistingPrivate, Mocks.ExistingVpcId),
        "stack" => (["subnet-shared-public-a", "subnet-shared-public-b"], ["subnet-shared-private-a", "subnet-shared-private-b"], Mocks.NetworkStackVpcId),
        _ => ([.. Mocks.PublicSubnetIds], [.. Mocks.PrivateSubnetIds], Mocks.VpcId),
    };

    [TestCase("express-rds", "create")]
    [TestCase("express-rds", "existing")]
    [TestCase("express-rds", "stack")]
    [TestCase("fargate-dynamodb", "create")]
    [TestCase("fargate-dynamodb", "existing")]
    [TestCase("fargate-dynamodb", "stack")]
    public async Task ComputeAndStoreRunOnTheSourcesSubnets(string architecture, string network)
    {
        var run = await StackRun.RunAsync("dev", Config(architecture, network));
        var (publicIds, privateIds, vpcId) = Expected(network);
        using (Assert.EnterMultipleScope())
        {
            if (architecture == "express-rds")
            {
                var express = (IReadOnlyDictionary<string, object>)run.Sole(ComputeView.ExpressService).Inputs.List("networkConfigurations").Single();
                Assert.That(express.Texts("subnets"), Is.EqualTo(publicIds));
                Assert.That(run.Sole("aws:rds/subnetGroup:SubnetGroup").Inputs.Texts("subnetIds"), Is.EqualTo(privateIds));
                var interfaceEndpoints = run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Where(e => e.Inputs.Text("vpcEndpointType") == "Interface").ToList();
                Assert.That(interfaceEndpoints, Has.Count.EqualTo(network == "stack" ? 0 : 4), "a network stack has them for all its service stacks");
                Assert.That(interfaceEndpoints.Select(e => e.Inputs.Text("vpcId")), Is.All.EqualTo(vpcId));
            }
            else
            {
                Assert.That(run.Sole(ComputeView.EcsService).Inputs.Map("networkConfiguration").Texts("subnets"), Is.EqualTo(publicIds), "dev has no NAT");
                Assert.That(run.Sole("aws:lb/loadBalancer:LoadBalancer").Inputs.Texts("subnets"), Is.EqualTo(publicIds));
            }

            Assert.That(run.OfType("aws:ec2/securityGroup:SecurityGroup").Select(g => g.Inputs.Text("vpcId")), Is.All.EqualTo(vpcId));
            Assert.That(run.OfType("aws:ssm/parameter:Parameter").Single(p => p.Inputs.Text("name") == "/switchyard/dev/vpc-id").Inputs.Text("value"),
                Is.EqualTo(vpcId));
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task AnExistingVpcGetsNoVpcSubnetOrNatAndGatewayEndpointsOnlyWhenAsked(bool addGatewayEndpoints)
    {
        var config = Config("express-rds", "existing");
        config["switchyard:addGatewayEndpoints"] = addGatewayEndpoints ? "true" : "false";
        var run = await StackRun.RunAsync("dev", config);
        var gateways = run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Where(e => e.Inputs.Text("vpcEndpointType") == "Gateway").ToList();
        var taskGroup = run.Named("aws:ec2/securityGroup:SecurityGroup", "switchyard-task").Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Resources.Select(r => r.Type), Has.None.AnyOf(NetworkTypes));
            Assert.That(gateways, Has.Count.EqualTo(addGatewayEndpoints ? 2 : 0));
            Assert.That(gateways.Select(g => g.Inputs.Text("vpcId")), Is.All.EqualTo(Mocks.ExistingVpcId));
            Assert.That(((IReadOnlyDictionary<string, object>)taskGroup.List("ingress").Single()).Texts("cidrBlocks"),
                Is.EqualTo(new[] { Mocks.ExistingVpcCidr }), "the looked-up VPC's range");
        }
    }

    [Test]
    public async Task AServiceStackReadsItsNetworkThroughTheStackReference()
    {
        var run = await StackRun.RunAsync("dev", Config("express-rds", "stack"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(run.Sole("pulumi:pulumi:StackReference").Inputs.Text("name"), Is.EqualTo("acme/switchyard/network"));
            Assert.That(run.Resources.Select(r => r.Type), Has.None.AnyOf(NetworkTypes));
            Assert.That(run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Where(e => e.Inputs.Text("vpcEndpointType") == "Gateway"), Is.Empty,
                "the network stack owns the gateway endpoints");
        }
    }

    [Test]
    public async Task ANetworkOnlyStackCreatesTheNetworkAndNothingElse()
    {
        var config = RepositoryFiles.StackConfig("dev");
        config.Remove("switchyard:architecture");
        config["switchyard:networkOnly"] = "true";
        var run = await StackRun.RunAsync("dev", config, withPassword: false);
        var types = run.Resources.Select(r => r.Type).Distinct().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(types, Is.EquivalentTo(new[]
            {
                "switchyard:network:SharedVpc", "awsx:ec2:Vpc", "aws:ec2/vpcEndpoint:VpcEndpoint",
                "switchyard:network:InterfaceEndpoints", "aws:ec2/securityGroup:SecurityGroup",
                "switchyard:publishing:SsmParameters", "aws:ssm/parameter:Parameter",
            }));
            Assert.That(run.Outputs.Keys, Is.EquivalentTo(new[] { "vpcId", "publicSubnetIds", "privateSubnetIds", "estimatedMonthlyUsd", "costBreakdown" }));
            Assert.That(run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Select(e => e.Inputs.Text("vpcEndpointType")),
                Is.EquivalentTo(new[] { "Gateway", "Gateway", "Interface", "Interface", "Interface", "Interface" }));
            Assert.That(await TestingExtensions.GetValueAsync((Output<System.Collections.Immutable.ImmutableArray<string>>)run.Outputs["publicSubnetIds"]!),
                Is.EqualTo(Mocks.PublicSubnetIds));
        }
    }

    /// <summary>The estimate pays for NAT only in a VPC the stack owns, and for the interface endpoints where they are created.</summary>
    [TestCase("create", true)]
    [TestCase("existing", true)]
    [TestCase("stack", false)]
    public async Task ExpressPaysForNatAndInterfaceEndpointsOnlyWhereItOwnsThem(string network, bool paysEndpoints)
    {
        var config = Config("express-rds", network);
        config["switchyard:natGateways"] = "single";
        var breakdown = await CostRules.BreakdownAsync(await StackRun.RunAsync("dev", config));
        var endpointsUsd = InterfaceEndpoints.Services.Count * 1 * Prices.EuWest1.InterfaceEndpointHour * Prices.HoursPerMonth;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(breakdown.ContainsKey("network: 1 NAT gateways"), Is.EqualTo(network == "create"), "only a created VPC has NAT gateways");
            Assert.That(breakdown.GetValueOrDefault("network: 4 interface endpoints x 1 AZ"), Is.EqualTo(paysEndpoints ? endpointsUsd : 0).Within(0.005),
                "dev places them in one zone");
            Assert.That(breakdown.Keys.Count(k => k.Contains("interface endpoint", StringComparison.Ordinal)), Is.EqualTo(paysEndpoints ? 2 : 0));
        }
    }

    [Test]
    public async Task ANetworkOnlyStackPaysForItsNatAndInterfaceEndpointsAndHasNoAlarms()
    {
        var config = RepositoryFiles.StackConfig("dev");
        config.Remove("switchyard:architecture");
        config["switchyard:networkOnly"] = "true";
        config["switchyard:natGateways"] = "single";
        var run = await StackRun.RunAsync("dev", config, withPassword: false);
        var breakdown = await CostRules.BreakdownAsync(run);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(breakdown.Keys, Is.EquivalentTo(new[]
            {
                "network: 1 NAT gateways", "network: NAT data 5 GB", "network: 4 interface endpoints x 1 AZ", "network: interface endpoint data 1 GB (logs)",
            }));
            Assert.That(await CostRules.TotalAsync(run), Is.EqualTo(breakdown.Values.Sum()).Within(0.01));
            Assert.That(run.OfType("aws:cloudwatch/metricAlarm:MetricAlarm"), Is.Empty);
            Assert.That(run.OfType("aws:cloudwatch/dashboard:Dashboard"), Is.Empty);
        }
    }

    /// <summary>Interface endpoints in the first zones only, priced per zone they are in.</summary>
    [TestCase("express-rds", "create", "all", 2)]
    [TestCase("express-rds", "create", "1", 1)]
    [TestCase("express-dynamodb", "existing", "1", 1)]
    public async Task InterfaceEndpointsGoInTheConfiguredNumberOfZones(string architecture, string network, string zones, int expected)
    {
        var config = Config(architecture, network);
        config["switchyard:interfaceEndpointZones"] = zones;
        var run = await StackRun.RunAsync("dev", config);
        var (publicIds, _, _) = Expected(network);
        var endpoints = run.OfType("aws:ec2/vpcEndpoint:VpcEndpoint").Where(e => e.Inputs.Text("vpcEndpointType") == "Interface").ToList();
        var breakdown = await CostRules.BreakdownAsync(run);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(endpoints, Has.Count.EqualTo(InterfaceEndpoints.Services.Count));
            Assert.That(endpoints.Select(e => e.Inputs.Texts("subnetIds")), Is.All.EqualTo(publicIds.Take(expected)));
            Assert.That(breakdown[$"network: 4 interface endpoints x {expected} AZ"],
                Is.EqualTo(InterfaceEndpoints.Services.Count * expected * Prices.EuWest1.InterfaceEndpointHour * Prices.HoursPerMonth).Within(0.005));
        }
    }

    [TestCase("0")]
    [TestCase("3")]
    [TestCase("one")]
    public void PreviewFailsOnInterfaceEndpointZonesOutsideTheNetwork(string zones)
    {
        var config = Config("express-rds", "create");
        config["switchyard:interfaceEndpointZones"] = zones;
        var error = Assert.CatchAsync<Exception>(() => StackRun.RunAsync("dev", config));
        Assert.That(error!.ToString(), Does.Contain(
            $"switchyard:interfaceEndpointZones must be all or an integer from 1 to 2 (the network's availability zones), got '{zones}'."));
    }

    [TestCase("subnet-one-a,subnet-two-a", "all in eu-west-1a")]
    [TestCase("subnet-only-a", "at least two subnet ids")]
    [TestCase("", "at least two subnet ids")]
    public void PreviewFailsWhenExistingSubnetsAreMissingOrInOneZone(string publicSubnets, string message)
    {
        var config = Config("express-rds", "existing");
        config["switchyard:publicSubnetIds"] = publicSubnets;
        var error = Assert.CatchAsync<Exception>(() => StackRun.RunAsync("dev", config));
        Assert.That(error!.ToString(), Does.Contain(message));
    }
}

/// <summary>What the stack publishes in SSM, on every architecture.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.All))]
[NonParallelizable]
public sealed class SsmParameterRules(string architecture, string stack)
{
    private StackRun _run = null!;

    [OneTimeSetUp]
    public async Task RunProgram() => _run = await StackRun.ForStackAsync(stack, architecture);

    [Test]
    public async Task ParametersNameTheUrlArchitectureVpcAndStoreUnderTheStacksPrefix()
    {
        var parameters = _run.OfType("aws:ssm/parameter:Parameter").ToDictionary(p => p.Inputs.Text("name")!, p => p.Inputs, StringComparer.Ordinal);
        var storeKey = architecture.EndsWith("-rds", StringComparison.Ordinal) ? "database-endpoint" : "table-name";
        var url = await TestingExtensions.GetValueAsync((Output<string>)_run.Outputs["url"]!);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Keys, Is.EquivalentTo(new[] { "url", "architecture", "vpc-id", storeKey }.Select(k => $"/switchyard/{stack}/{k}")));
            Assert.That(parameters[$"/switchyard/{stack}/url"].Text("value"), Is.EqualTo(url));
            Assert.That(parameters[$"/switchyard/{stack}/architecture"].Text("value"), Is.EqualTo(architecture));
            Assert.That(parameters[$"/switchyard/{stack}/vpc-id"].Text("value"), Is.EqualTo(Mocks.VpcId));
        }
    }

    [Test]
    public void ParametersArePlainStringsAndHoldNoSecret()
    {
        var parameters = _run.OfType("aws:ssm/parameter:Parameter").Select(p => p.Inputs).ToList();
        var secretArns = _run.OfType("aws:secretsmanager/secretVersion:SecretVersion").Select(v => v.State.Text("arn")).Append(Mocks.DatabaseSecretArn);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.Select(p => p.Text("type")), Is.All.EqualTo("String"));
            Assert.That(parameters.Select(p => p.Text("value")), Has.None.Contains(StackRun.Password));
            Assert.That(parameters.Select(p => p.Text("value")), Has.None.AnyOf(secretArns));
        }
    }
}

/// <summary>Pulumi's own protection on the stores of stacks that protect their data.</summary>
[NonParallelizable]
public sealed class ProtectionRules
{
    private static readonly string[] StoreTypes = ["aws:rds/instance:Instance", "aws:rds/subnetGroup:SubnetGroup", "aws:dynamodb/table:Table"];

    [TestCase("express-rds", "prod", true)]
    [TestCase("fargate-dynamodb", "prod", true)]
    [TestCase("express-rds", "dev", false)]
    [TestCase("fargate-dynamodb", "dev", false)]
    public async Task StoresAreProtectedExactlyWhereDeletionProtectionIsOn(string architecture, string stack, bool protectedStack)
    {
        var config = RepositoryFiles.StackConfig(stack);
        config["switchyard:architecture"] = architecture;
        var options = await StackRun.OptionsOfAsync(stack, config);
        var stores = options.Where(o => StoreTypes.Contains(o.Type)).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(stores, Is.Not.Empty);
            Assert.That(stores.Select(o => o.Protect ?? false), Is.All.EqualTo(protectedStack));
            Assert.That(stores.Select(o => o.AliasCount), Is.All.EqualTo(1), "an alias to the former architecture component");
            Assert.That(options.Where(o => !StoreTypes.Contains(o.Type)).Select(o => o.Protect ?? false), Is.All.False, "only the stores");
        }
    }
}

using Pulumi;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra.Tests;

/// <summary>Bad configuration fails before any resource exists, naming what would be accepted.</summary>
[NonParallelizable]
public sealed class ConfigurationRules
{
    private static Dictionary<string, string> Valid() => new(StringComparer.Ordinal)
    {
        ["architecture"] = "fargate-dynamodb",
    };

    private static StackSettings Parse(Dictionary<string, string> values) =>
        StackSettings.Parse(key => values.TryGetValue(key, out var value) ? value : null, "eu-west-1");

    [Test]
    public void DefaultsAreValid() => Assert.That(Parse(Valid()).Nat, Is.EqualTo(NatMode.None));

    private const string AllSix = "apprunner-rds, apprunner-dynamodb, fargate-rds, fargate-dynamodb, express-rds, express-dynamodb";

    [Test]
    public void EveryComputeServesEveryStore() =>
        Assert.That(Architecture.Names, Is.EqualTo(AllSix.Split(", ")));

    [TestCase("kubernetes")]
    [TestCase("express")]
    [TestCase("express-postgres")]
    [TestCase("Express-RDS")]
    public void UnknownArchitectureFailsListingAllSix(string value)
    {
        var values = Valid();
        values["architecture"] = value;
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>()
            .With.Message.Contains(AllSix).And.Message.Contains($"'{value}'"));
    }

    [TestCase("apprunner-rds", ComputeKind.AppRunner, StoreKind.Rds)]
    [TestCase("fargate-dynamodb", ComputeKind.Fargate, StoreKind.DynamoDb)]
    [TestCase("express-rds", ComputeKind.Express, StoreKind.Rds)]
    public void TheArchitectureNamesItsComputeAndItsStore(string value, ComputeKind compute, StoreKind store)
    {
        var values = Valid();
        values["architecture"] = value;
        Assert.That(Parse(values).Architecture, Is.EqualTo(new Architecture(compute, store)));
    }

    private const string NetworkCombinations = "Allowed combinations: create (nothing else; networkOnly allowed), existing (vpcId, publicSubnetIds, privateSubnetIds";

    [TestCase("stack", "", "networkStack must name a stack as org/project/stack")]
    [TestCase("stack", "networkStack=acme/network", "networkStack must name a stack as org/project/stack")]
    [TestCase("existing", "", "vpcId must be a VPC id")]
    [TestCase("existing", "vpcId=vpc-1;publicSubnetIds=subnet-a;privateSubnetIds=subnet-c,subnet-d", "publicSubnetIds must list at least two subnet ids")]
    [TestCase("create", "vpcId=vpc-1", "vpcId is only for network: existing")]
    [TestCase("create", "addGatewayEndpoints=true", "addGatewayEndpoints is only for network: existing")]
    [TestCase("stack", "networkStack=acme/switchyard/network;privateSubnetIds=subnet-a,subnet-b", "privateSubnetIds is only for network: existing")]
    [TestCase("existing", "vpcId=vpc-1;publicSubnetIds=subnet-a,subnet-b;privateSubnetIds=subnet-c,subnet-d;networkOnly=true", "networkOnly needs network: create")]
    public void AWrongNetworkCombinationFailsListingTheAllowedOnes(string network, string settings, string problem)
    {
        var values = Valid();
        values["network"] = network;
        foreach (var pair in settings.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            values[pair.Split('=')[0]] = pair.Split('=')[1];
        }

        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains(problem).And.Message.Contains(NetworkCombinations));
    }

    [Test]
    public void ANetworkOnlyStackNeedsNoArchitectureAndRefusesOne()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["networkOnly"] = "true" };
        Assert.That(Parse(values).Architecture, Is.Null);
        values["architecture"] = "express-rds";
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains("runs no architecture"));
    }

    [Test]
    public void ExistingSubnetListsAcceptCommasAndYamlLists()
    {
        var values = Valid();
        values["network"] = "existing";
        values["vpcId"] = "vpc-1";
        values["publicSubnetIds"] = "subnet-a, subnet-b";
        values["privateSubnetIds"] = "[\"subnet-c\",\"subnet-d\"]";
        var settings = Parse(values);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(settings.PublicSubnetIds, Is.EqualTo(new[] { "subnet-a", "subnet-b" }));
            Assert.That(settings.PrivateSubnetIds, Is.EqualTo(new[] { "subnet-c", "subnet-d" }));
        }
    }

    [Test]
    public void ExpressRefusesMoreMemoryThanExpressModeOffers()
    {
        var values = Valid();
        values["architecture"] = "express-dynamodb";
        values["memory"] = "10240";
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains("at most 8192 for an Express Mode service"));
    }

    [Test]
    public void MissingArchitectureFailsWithTheAllowedValues() =>
        Assert.That(() => Parse(new()), Throws.InstanceOf<RunException>().With.Message.Contains("switchyard:architecture must be one of"));

    [Test]
    public void UnknownNatModeFailsWithTheAllowedValues()
    {
        var values = Valid();
        values["natGateways"] = "two";
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains("none, single, per-az"));
    }

    [Test]
    public void MinInstancesAboveMaxInstancesFails()
    {
        var values = Valid();
        values["minInstances"] = "4";
        values["maxInstances"] = "2";
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains("must not exceed"));
    }

    [Test]
    public void EveryProblemIsReportedAtOnce()
    {
        var values = Valid();
        values["cpu"] = "300";
        values["logRetentionDays"] = "10";
        values["dbMultiAz"] = "yes";
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>()
            .With.Message.Contains("256, 512, 1024, 2048, 4096")
            .And.Message.Contains("switchyard:logRetentionDays")
            .And.Message.Contains("true or false"));
    }

    [Test]
    public void ByDefaultNoAlarmEmailNoAccessLogsAndASmallAudience()
    {
        var settings = Parse(Valid());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(settings.Audience.Name, Is.EqualTo("small"));
            Assert.That(settings.AlarmEmail, Is.Empty);
            Assert.That(settings.AccessLogs, Is.False);
            Assert.That(settings.Alarms.ErrorPercent, Is.EqualTo(5));
            Assert.That(settings.Alarms.LatencyMs, Is.EqualTo(1000));
        }
    }

    [Test]
    public void ProdReportsAMediumAudienceAndWritesAccessLogs()
    {
        var config = RepositoryFiles.StackConfig("prod");
        var settings = RepositoryFiles.Settings(config);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(settings.Audience.Name, Is.EqualTo("medium"));
            Assert.That(settings.AccessLogs, Is.True);
        }
    }

    [TestCase("ops")]
    [TestCase("ops@")]
    [TestCase("@example.com")]
    [TestCase("ops@example")]
    [TestCase("ops @example.com")]
    public void AMalformedAlarmEmailFails(string email)
    {
        var values = Valid();
        values["alarmEmail"] = email;
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains("switchyard:alarmEmail must be an e-mail address"));
    }

    [Test]
    public void AnUnknownAudienceFailsWithTheAllowedValues()
    {
        var values = Valid();
        values["audience"] = "huge";
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains("switchyard:audience must be one of: small, medium"));
    }

    [TestCase("alarmErrorPercent", "0")]
    [TestCase("alarmLatencyMs", "5")]
    [TestCase("alarmCpuPercent", "101")]
    [TestCase("alarmDbConnectionsPercent", "many")]
    public void AnAlarmThresholdOutOfRangeFails(string key, string value)
    {
        var values = Valid();
        values[key] = value;
        Assert.That(() => Parse(values), Throws.InstanceOf<RunException>().With.Message.Contains($"switchyard:{key} must be an integer from"));
    }

    [Test]
    public void PreviewFailsOnABadArchitecture()
    {
        var config = RepositoryFiles.StackConfig("dev");
        config["switchyard:architecture"] = "lambda";
        var error = Assert.CatchAsync<Exception>(() => StackRun.RunAsync("dev", config));
        Assert.That(error!.ToString(), Does.Contain(AllSix));
    }

    [TestCase("apprunner-rds")]
    [TestCase("fargate-rds")]
    [TestCase("express-rds")]
    public void PreviewFailsWhenTheConnectionBudgetIsTooSmall(string architecture)
    {
        var config = RepositoryFiles.StackConfig("dev");
        config["switchyard:architecture"] = architecture;
        config["switchyard:maxInstances"] = "25";
        var error = Assert.CatchAsync<Exception>(() => StackRun.RunAsync("dev", config));
        Assert.That(error!.ToString(), Does.Contain("connection budget is too small"));
    }

    [TestCase("dev")]
    [TestCase("prod")]
    public void CommittedStackFilesAreValid(string stack)
    {
        var config = RepositoryFiles.StackConfig(stack);
        var settings = StackSettings.Parse(
            key => config.TryGetValue($"switchyard:{key}", out var value) ? value : null, config["aws:region"]);
        // What a new AWS account can create: App Runner is closed to new customers.
        Assert.That(settings.Architecture?.Name, Is.EqualTo("express-rds"));
    }

    [Test]
    public void ProjectFileDeclaresEveryKeyWithTheCodesDefault()
    {
        var declared = ProjectFileDefaults();
        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, value) in StackSettings.Defaults)
            {
                Assert.That(declared.TryGetValue(key, out var fileDefault), Is.True, $"{key} is missing from Pulumi.yaml");
                Assert.That(fileDefault, Is.EqualTo(value), key);
            }

            Assert.That(declared.Keys, Is.SupersetOf(new[] { StackSettings.Keys.Architecture, StackSettings.Keys.BasicAuthPassword }));
        }
    }

    /// <summary>key → default ("" for a key without one) from the config section of Pulumi.yaml.</summary>
    private static Dictionary<string, string> ProjectFileDefaults()
    {
        var defaults = new Dictionary<string, string>(StringComparer.Ordinal);
        string? key = null;
        foreach (var line in RepositoryFiles.Read("Pulumi.yaml").Split('\n'))
        {
            if (line.StartsWith("  ", StringComparison.Ordinal) && !line.StartsWith("    ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(':'))
            {
                key = line.Trim().TrimEnd(':');
                defaults[key] = "";
            }
            else if (key is not null && line.StartsWith("    default:", StringComparison.Ordinal))
            {
                defaults[key] = RepositoryFiles.Unquote(line["    default:".Length..].Trim());
            }
        }

        return defaults;
    }
}

public sealed class ConnectionBudgetRules
{
    [TestCase("db.t4g.micro", 84)]
    [TestCase("db.t4g.small", 168)]
    [TestCase("db.m7g.large", 675)]
    public void MaxConnectionsFollowTheRdsFormula(string instanceClass, int expected) =>
        Assert.That(ConnectionBudget.DefaultMaxConnections(instanceClass), Is.EqualTo(expected));

    [TestCase(ComputeKind.AppRunner)]
    [TestCase(ComputeKind.Fargate)]
    [TestCase(ComputeKind.Express)]
    public void PoolCountsEveryInstanceTwiceForDeployments(ComputeKind compute) =>
        Assert.That(ConnectionBudget.PerInstancePoolSize("db.t4g.micro", 0, 2, Architecture.DeploymentOverlap(compute)), Is.EqualTo((84 - 10) / 4));

    [Test]
    public void PoolShrinksWithTheDeploymentOverlap() =>
        Assert.That(ConnectionBudget.PerInstancePoolSize("db.t4g.micro", 0, 2, 3), Is.EqualTo((84 - 10) / 6));

    [Test]
    public void OverrideReplacesTheDerivedMaxConnections() =>
        Assert.That(ConnectionBudget.PerInstancePoolSize("db.x9.unknown", 410, 4, 2), Is.EqualTo(50));

    [Test]
    public void PoolIsCappedAtNpgsqlsDefault() =>
        Assert.That(ConnectionBudget.PerInstancePoolSize("db.m7g.2xlarge", 0, 1, 2), Is.EqualTo(ConnectionBudget.MaximumPoolSize));

    [Test]
    public void UnknownInstanceClassFailsListingTheKnownOnes() =>
        Assert.That(() => ConnectionBudget.PerInstancePoolSize("db.x9.huge", 0, 2, 2), Throws.InstanceOf<RunException>()
            .With.Message.Contains("db.t4g.micro").And.Message.Contains("switchyard:dbMaxConnections"));

    [Test]
    public void TooSmallABudgetFails() =>
        Assert.That(() => ConnectionBudget.PerInstancePoolSize("db.t4g.micro", 0, 8, 2), Throws.InstanceOf<RunException>()
            .With.Message.Contains("too small"));
}

using System.Globalization;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra.Tests;

/// <summary>
/// The two-phase store switch: phase 1 (<c>architecture</c> names the new store, <c>copyFrom</c>
/// the old one) keeps the old store untouched and gives the compute exactly what copying from it
/// needs; phase 2 (<c>copyFrom</c> removed) leaves only the new store.
/// </summary>
[TestFixture("dev", "express-rds", "express-dynamodb")]
[TestFixture("prod", "express-dynamodb", "express-rds")]
[TestFixture("dev", "fargate-dynamodb", "fargate-rds")]
[TestFixture("prod", "apprunner-rds", "apprunner-dynamodb")]
[NonParallelizable]
public sealed class StoreSwitchRules(string stack, string before, string after)
{
    private StackRun _before = null!;
    private StackRun _phase1 = null!;
    private StackRun _phase2 = null!;
    private ComputeView _compute = null!;

    private string OldStore => before[(before.IndexOf('-', StringComparison.Ordinal) + 1)..];
    private string NewStore => after[(after.IndexOf('-', StringComparison.Ordinal) + 1)..];
    private bool FromRds => OldStore == "rds";

    [OneTimeSetUp]
    public async Task RunThePhases()
    {
        _before = await StackRun.ForStackAsync(stack, before);
        _phase1 = await StackRun.RunAsync(stack, Phase1Config(stack, after, OldStore));
        _phase2 = await StackRun.ForStackAsync(stack, after);
        _compute = ComputeView.Of(_phase1);
    }

    public static Dictionary<string, string> Phase1Config(string stack, string architecture, string copyFrom)
    {
        var config = RepositoryFiles.StackConfig(stack);
        config["switchyard:architecture"] = architecture;
        config["switchyard:copyFrom"] = copyFrom;
        return config;
    }

    [Test]
    public void Phase1KeepsTheOldStoresResourcesAsTheyWere()
    {
        var old = StoreOutlivesComputeRules.StoreResources(_before, OldStore);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(old, Is.Not.Empty);
            Assert.That(StoreOutlivesComputeRules.StoreResources(_phase1, OldStore), Is.EqualTo(old), "same names and inputs: nothing replaced");
            Assert.That(StoreOutlivesComputeRules.StoreResources(_phase1, NewStore), Is.EqualTo(StoreOutlivesComputeRules.StoreResources(_phase2, NewStore)),
                "the new store is created as phase 2 keeps it");
            Assert.That(AdmissionRules(_phase1), Is.EqualTo(AdmissionRules(_before.Resources.Any(r => r.Type == "aws:rds/instance:Instance") ? _before : _phase2)),
                "the compute's rule into the database keeps its name and inputs");
        }
    }

    [Test]
    public async Task Phase1ProtectsTheOldStoreExactlyAsBefore()
    {
        string[] storeTypes = FromRds ? ["aws:rds/instance:Instance", "aws:rds/subnetGroup:SubnetGroup"] : ["aws:dynamodb/table:Table"];
        var config = Phase1Config(stack, after, OldStore);
        var phase1 = (await StackRun.OptionsOfAsync(stack, config)).Where(o => storeTypes.Contains(o.Type)).Select(o => (o.Type, o.Protect, o.AliasCount));
        var beforeConfig = RepositoryFiles.StackConfig(stack);
        beforeConfig["switchyard:architecture"] = before;
        var was = (await StackRun.OptionsOfAsync(stack, beforeConfig)).Where(o => storeTypes.Contains(o.Type)).Select(o => (o.Type, o.Protect, o.AliasCount));
        Assert.That(phase1, Is.EquivalentTo(was).And.Not.Empty);
    }

    [Test]
    public void Phase1GrantsTheNewStoresAccessAndOnlyReadsOnTheOldOne()
    {
        var statements = RolePolicies.Of(_phase1, _compute.RuntimeRoleArn).Where(s => s.PolicyName.EndsWith("-store", StringComparison.Ordinal))
            .Select(s => (string.Join(" ", s.Actions), string.Join(" ", s.Resources))).ToList();
        var table = _phase1.Sole("aws:dynamodb/table:Table").State.Text("arn")!;
        (string, string) readSecret = ("secretsmanager:GetSecretValue", Mocks.DatabaseSecretArn);
        var expected = FromRds
            ? new[] { (string.Join(" ", DynamoDbTable.ItemActions), table), readSecret }
            : [readSecret, ("dynamodb:GetItem dynamodb:Scan", table)];
        Assert.That(statements, Is.EqualTo(expected));
    }

    [Test]
    public void Phase1AdmitsTheComputeToTheDatabaseOnItsPortOnly()
    {
        var rules = AdmissionRules(_phase1);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rules, Has.Length.EqualTo(1));
            Assert.That(rules.Single(), Does.Contain("\"fromPort\":5432").And.Contain("\"toPort\":5432")
                .And.Contain($"\"referencedSecurityGroupId\":{System.Text.Json.JsonSerializer.Serialize(_compute.SecurityGroupId)}"));
        }
    }

    [Test]
    public void Phase1PassesTheOldStoresContractUnderTheSourcePrefixAndItsSecretsOnlyAsSecrets()
    {
        var database = _phase1.Sole("aws:rds/instance:Instance").State;
        var pool = ConnectionBudget.PerInstancePoolSize(_phase1.Config["switchyard:dbInstanceClass"], 0,
            _phase1.ConfiguredInt("switchyard:maxInstances"), 2).ToString(CultureInfo.InvariantCulture);
        var table = _phase1.Sole("aws:dynamodb/table:Table").State.Text("name")!;
        var source = _compute.Variables.Where(v => v.Key.StartsWith(ServiceEnvironment.MigrationSourcePrefix, StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var sourceSecrets = _compute.Secrets.Where(v => v.Key.StartsWith(ServiceEnvironment.MigrationSourcePrefix, StringComparison.Ordinal))
            .ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var expected = FromRds
            ? new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ServiceEnvironment.MigrationSourceKind] = ServiceEnvironment.StoreKinds.Postgres,
                [ServiceEnvironment.MigrationSource(ServiceEnvironment.PostgresHost)] = database.Text("address")!,
                [ServiceEnvironment.MigrationSource(ServiceEnvironment.PostgresPort)] = "5432",
                [ServiceEnvironment.MigrationSource(ServiceEnvironment.PostgresDatabase)] = "switchyard",
                [ServiceEnvironment.MigrationSource(ServiceEnvironment.PostgresMaxPoolSize)] = pool,
            }
            : new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [ServiceEnvironment.MigrationSourceKind] = ServiceEnvironment.StoreKinds.DynamoDb,
                [ServiceEnvironment.MigrationSource(ServiceEnvironment.DynamoDbTableName)] = table,
            };
        var expectedSecrets = FromRds
            ? new Dictionary<string, string>(StringComparer.Ordinal) { [ServiceEnvironment.MigrationSource(ServiceEnvironment.PostgresCredentials)] = Mocks.DatabaseSecretArn }
            : [];
        var target = ComputeView.Of(_phase2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(source, Is.EquivalentTo(expected));
            Assert.That(sourceSecrets, Is.EquivalentTo(expectedSecrets));
            Assert.That(_compute.Variables.Except(source), Is.EquivalentTo(target.Variables), "the new store's contract as phase 2 has it");
            Assert.That(_compute.Secrets.Except(sourceSecrets), Is.EquivalentTo(target.Secrets));
            Assert.That(_compute.Variables.Keys, Has.None.EqualTo(ServiceEnvironment.MigrationSource(ServiceEnvironment.PostgresCredentials)));
        }
    }

    [Test]
    public async Task Phase1AlarmsWatchAndTheEstimatePaysForBothStores()
    {
        var alarms = Names(_phase1, "aws:cloudwatch/metricAlarm:MetricAlarm");
        var oldStoreItems = FromRds ? "RDS" : "DynamoDB";
        var breakdown = await CostRules.BreakdownAsync(_phase1);
        var phase1Total = await CostRules.TotalAsync(_phase1);
        var phase2Total = await CostRules.TotalAsync(_phase2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alarms, Is.EquivalentTo(Names(_before, "aws:cloudwatch/metricAlarm:MetricAlarm").Union(Names(_phase2, "aws:cloudwatch/metricAlarm:MetricAlarm"))));
            Assert.That(breakdown.Keys.Where(k => k.StartsWith(ArchitectureCost.CopySourceComponent + ": ", StringComparison.Ordinal)),
                Is.Not.Empty.And.All.Contains(oldStoreItems));
            Assert.That(phase1Total, Is.GreaterThan(phase2Total), "the old store costs until phase 2");
        }
    }

    [Test]
    public void Phase2LeavesNothingOfTheOldStoreAndNoSourceContract()
    {
        var compute = ComputeView.Of(_phase2);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(StoreOutlivesComputeRules.StoreResources(_phase2, OldStore), Is.Empty);
            Assert.That(compute.Variables.Keys.Concat(compute.Secrets.Keys), Has.None.StartsWith(ServiceEnvironment.MigrationSourcePrefix));
            // What leaves is exactly what only the old store needed before the switch: its resources,
            // alarms, SSM parameter and the compute's way into it; phase 2 creates nothing.
            Assert.That(Keys(_phase1).Except(Keys(_phase2)), Is.EquivalentTo(Keys(_before).Except(Keys(_phase2))).And.Not.Empty);
            Assert.That(Keys(_phase2), Is.SubsetOf(Keys(_phase1)));
        }
    }

    /// <summary>The rules that let a compute into the database's access group, as type, name and inputs.</summary>
    private static string[] AdmissionRules(StackRun run)
    {
        var access = run.OfType("aws:ec2/securityGroup:SecurityGroup").SingleOrDefault(g => g.Name == "switchyard-db-access");
        return access is null ? [] : [.. run.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .Where(r => r.Inputs.Text("securityGroupId") == StackRun.IdOf(access))
            .Select(r => $"{r.Name} {StoreOutlivesComputeRules.Canonical(r.Inputs)}")
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Every resource as type and name: what its URN is made of.</summary>
    private static string[] Keys(StackRun run) => [.. run.Resources.Select(r => $"{r.Type} {r.Name}").Distinct()];

    private static string[] Names(StackRun run, string type) => [.. run.OfType(type).Select(r => r.Name)];
}

/// <summary><c>copyFrom</c> values that cannot be a store switch fail the preview, saying what is allowed.</summary>
[NonParallelizable]
public sealed class CopyFromRules
{
    [TestCase("express-rds", "rds", "switchyard:copyFrom is 'rds', the store switchyard:architecture ('express-rds') already uses; it must name the store the stack used before the switch (dynamodb), or be removed once the copy is complete: pulumi config rm switchyard:copyFrom.")]
    [TestCase("fargate-dynamodb", "dynamodb", "switchyard:copyFrom is 'dynamodb', the store switchyard:architecture ('fargate-dynamodb') already uses; it must name the store the stack used before the switch (rds)")]
    [TestCase("express-rds", "postgres", "switchyard:copyFrom must be empty (no store switch) or the store the stack used before the switch: rds, dynamodb (got 'postgres').")]
    [TestCase("express-rds", "RDS", "(got 'RDS')")]
    public void PreviewFailsOnACopyFromThatIsNoSwitch(string architecture, string copyFrom, string message)
    {
        var error = Assert.CatchAsync<Exception>(() => StackRun.RunAsync("dev", StoreSwitchRules.Phase1Config("dev", architecture, copyFrom)));
        Assert.That(error!.ToString(), Does.Contain("Invalid stack configuration").And.Contain(message));
    }

    [Test]
    public void ANetworkOnlyStackHasNoStoreToCopyFrom()
    {
        var config = RepositoryFiles.StackConfig("dev");
        config.Remove("switchyard:architecture");
        config["switchyard:networkOnly"] = "true";
        config["switchyard:copyFrom"] = "rds";
        var error = Assert.CatchAsync<Exception>(() => StackRun.RunAsync("dev", config, withPassword: false));
        Assert.That(error!.ToString(), Does.Contain("switchyard:copyFrom must not be set ('rds'): a network-only stack"));
    }

    [Test]
    public void AnEmptyCopyFromIsNoSwitch()
    {
        var settings = StackSettings.Parse(key => key == StackSettings.Keys.Architecture ? "express-rds" : key == StackSettings.Keys.CopyFrom ? "" : null, Mocks.Region);
        Assert.That(settings.CopyFrom, Is.Null);
    }
}

using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;
using Switchyard.Infra.Security;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra.Tests;

/// <summary>The PostgreSQL store, under every compute.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.OverRds))]
[NonParallelizable]
public sealed class PostgresRules(string architecture, string stack)
{
    private const string SecurityGroup = "aws:ec2/securityGroup:SecurityGroup";
    private StackRun _run = null!;
    private IReadOnlyDictionary<string, object> _database = null!;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, architecture);
        _database = _run.Sole("aws:rds/instance:Instance").Inputs;
    }

    private bool IsProd => stack == "prod";

    [Test]
    public void DatabaseIsNotPubliclyAccessible() => Assert.That(_database.Flag("publiclyAccessible"), Is.False);

    [Test]
    public void DatabaseIsEncryptedOnGp3WithAManagedPassword()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_database.Flag("storageEncrypted"), Is.True);
            Assert.That(_database.Text("storageType"), Is.EqualTo("gp3"));
            Assert.That(_database.Flag("manageMasterUserPassword"), Is.True);
            Assert.That(_database.Text("password"), Is.Null);
        }
    }

    [Test]
    public void DatabaseLivesInThePrivateSubnets()
    {
        var subnetGroup = _run.Sole("aws:rds/subnetGroup:SubnetGroup");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(subnetGroup.Inputs.Texts("subnetIds"), Is.EquivalentTo(Mocks.PrivateSubnetIds));
            Assert.That(_database.Text("dbSubnetGroupName"), Is.EqualTo(subnetGroup.State.Text("name")));
        }
    }

    [Test]
    public void DatabaseAdmitsPostgresOnlyFromTheComputesGroup()
    {
        var accessGroup = _run.Named(SecurityGroup, "switchyard-db-access");
        var rules = _run.OfType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .Where(r => r.Inputs.Text("securityGroupId") == StackRun.IdOf(accessGroup)).ToList();
        var computeGroup = ComputeView.Of(_run).SecurityGroupId;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_database.Texts("vpcSecurityGroupIds"), Is.EqualTo(new[] { StackRun.IdOf(accessGroup) }));
            Assert.That(accessGroup.Inputs.List("ingress"), Is.Empty, "no inline rule beside the admitted one");
            Assert.That(rules, Has.Count.EqualTo(1));
            Assert.That(computeGroup, Is.Not.Null);
            Assert.That(rules.Single().Inputs.Text("referencedSecurityGroupId"), Is.EqualTo(computeGroup));
            Assert.That(rules.Single().Inputs.Number("fromPort"), Is.EqualTo(5432));
            Assert.That(rules.Single().Inputs.Number("toPort"), Is.EqualTo(5432));
            Assert.That(rules.Single().Inputs.Text("cidrIpv4"), Is.Null);
        }
    }

    [Test]
    public void NoSecurityGroupOpensPostgresToTheInternet()
    {
        var openToWorld = _run.OfType(SecurityGroup)
            .SelectMany(g => g.Inputs.List("ingress").Cast<IReadOnlyDictionary<string, object>>())
            .Where(r => r.Number("fromPort") <= 5432 && r.Number("toPort") >= 5432 && r.Texts("cidrBlocks").Contains("0.0.0.0/0"));
        Assert.That(openToWorld, Is.Empty);
    }

    [Test]
    public void ProdDatabaseIsProtectedAndDevDatabaseIsDisposable()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_database.Flag("deletionProtection"), Is.EqualTo(IsProd));
            Assert.That(_database.Flag("skipFinalSnapshot"), Is.EqualTo(!IsProd));
            Assert.That(_database.Text("finalSnapshotIdentifier"), Is.EqualTo(IsProd ? $"switchyard-{stack}-final" : null));
            Assert.That(_database.Flag("multiAz"), Is.EqualTo(IsProd));
            Assert.That(_database.Number("backupRetentionPeriod"), Is.GreaterThanOrEqualTo(IsProd ? 7 : 1));
        }
    }
}

/// <summary>The DynamoDB store, under every compute.</summary>
[TestFixtureSource(typeof(Architectures), nameof(Architectures.OverDynamoDb))]
[NonParallelizable]
public sealed class DynamoDbRules(string architecture, string stack)
{
    private IReadOnlyDictionary<string, object> _table = null!;

    [OneTimeSetUp]
    public async Task RunProgram() => _table = (await StackRun.ForStackAsync(stack, architecture)).Sole("aws:dynamodb/table:Table").Inputs;

    [Test]
    public void TableIsOnDemandWithStringKeyIdAndEncrypted()
    {
        var attribute = (IReadOnlyDictionary<string, object>)_table.List("attributes").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_table.Text("billingMode"), Is.EqualTo("PAY_PER_REQUEST"));
            Assert.That(_table.Text("hashKey"), Is.EqualTo("id"));
            Assert.That(_table.Text("rangeKey"), Is.Null);
            Assert.That(attribute.Text("name"), Is.EqualTo("id"));
            Assert.That(attribute.Text("type"), Is.EqualTo("S"));
            Assert.That(_table.Map("serverSideEncryption").Flag("enabled"), Is.True);
        }
    }

    [Test]
    public void ProdTableIsProtectedAndDevTableIsDisposable()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_table.Flag("deletionProtectionEnabled"), Is.EqualTo(stack == "prod"));
            Assert.That(_table.Map("pointInTimeRecovery").Flag("enabled"), Is.EqualTo(stack == "prod"));
        }
    }
}

/// <summary>
/// Changing the compute never touches the store: its resources keep their names (so their URNs)
/// and their inputs whichever compute serves them.
/// </summary>
[NonParallelizable]
public sealed class StoreOutlivesComputeRules
{
    [TestCase("rds", new[] { "apprunner-rds", "express-rds", "fargate-rds" })]
    [TestCase("dynamodb", new[] { "fargate-dynamodb", "express-dynamodb", "apprunner-dynamodb" })]
    public async Task ChangingTheComputeLeavesTheSameStoreResources(string store, string[] architectures)
    {
        ArgumentNullException.ThrowIfNull(architectures);
        var snapshots = new List<string[]>();
        foreach (var architecture in architectures)
        {
            snapshots.Add(StoreResources(await StackRun.ForStackAsync("prod", architecture), store));
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(snapshots[0], Is.Not.Empty);
            Assert.That(snapshots[0].Length, Is.EqualTo(store == "rds" ? 4 : 2), "the component with its instance, subnet group and security group; or with its table");
            Assert.That(snapshots[1], Is.EqualTo(snapshots[0]), architectures[1]);
            Assert.That(snapshots[2], Is.EqualTo(snapshots[0]), architectures[2]);
        }
    }

    /// <summary>The resources of the store named <paramref name="store"/> (rds or dynamodb), each as type, name and inputs, sorted.</summary>
    public static string[] StoreResources(StackRun run, string store)
    {
        ArgumentNullException.ThrowIfNull(run);
        var prefix = store == "rds" ? "switchyard-db" : "switchyard-items";
        return [.. run.Resources
            .Where(r => r.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => $"{r.Type} {r.Name} {Canonical(r.Inputs)}")
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>Inputs as JSON with every object's keys sorted, so equal inputs print equally.</summary>
    public static string Canonical(object? value) => value switch
    {
        IReadOnlyDictionary<string, object> map =>
            "{" + string.Join(",", map.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => JsonSerializer.Serialize(e.Key) + ":" + Canonical(e.Value))) + "}",
        string text => JsonSerializer.Serialize(text),
        IEnumerable<object> list => "[" + string.Join(",", list.Select(Canonical)) + "]",
        null => "null",
        _ => JsonSerializer.Serialize(value),
    };
}

/// <summary>A store's binding seen as the source of a store switch.</summary>
public sealed class StoreBindingRules
{
    [Test]
    public async Task AMigrationSourceKeepsItsValuesUnderTheSourcePrefixWithOnlyReadGrants()
    {
        var read = new IamGrant(["dynamodb:Scan"], Output.Create("arn:aws:dynamodb:eu-west-1:123456789012:table/items"));
        var binding = new StoreBinding
        {
            Variables = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
            {
                [ServiceEnvironment.StoreKind] = Output.Create(ServiceEnvironment.StoreKinds.DynamoDb),
                [ServiceEnvironment.DynamoDbTableName] = Output.Create("items"),
            },
            SecretArns = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
            {
                [ServiceEnvironment.PostgresCredentials] = Output.Create("arn:aws:secretsmanager:eu-west-1:123456789012:secret:x"),
            },
            Grants = [new IamGrant(DynamoDbTable.ItemActions, read.ResourceArn)],
            ReadGrants = [read],
            InsideVpc = false,
            Admit = (_, _, _) => { },
        };

        var source = binding.AsMigrationSource();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.Variables.Keys, Is.EquivalentTo(new[] { ServiceEnvironment.MigrationSourceKind, "Migration__Source__DynamoDb__TableName" }));
            Assert.That(source.SecretArns.Keys, Is.EquivalentTo(new[] { "Migration__Source__Postgres__Credentials" }));
            Assert.That(await TestingExtensions.GetValueAsync(source.Variables["Migration__Source__DynamoDb__TableName"]), Is.EqualTo("items"));
            Assert.That(source.Grants, Is.EqualTo(ImmutableArray.Create(read)));
        }
    }
}

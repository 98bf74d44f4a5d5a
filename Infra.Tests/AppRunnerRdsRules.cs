using System.Globalization;
using System.Text.Json;
using Switchyard.Infra.Architectures;

namespace Switchyard.Infra.Tests;

[TestFixture("dev")]
[TestFixture("prod")]
[NonParallelizable]
public sealed class AppRunnerRdsRules(string stack)
{
    private StackRun _run = null!;
    private IReadOnlyDictionary<string, object> _database = null!;
    private IReadOnlyDictionary<string, object> _service = null!;

    [OneTimeSetUp]
    public async Task RunProgram()
    {
        _run = await StackRun.ForStackAsync(stack, "apprunner-rds");
        _database = _run.Sole("aws:rds/instance:Instance").Inputs;
        _service = _run.Sole("aws:apprunner/service:Service").Inputs;
    }

    private bool IsProd => stack == "prod";

    private IReadOnlyDictionary<string, object> ImageConfiguration =>
        _service.Path("sourceConfiguration", "imageRepository", "imageConfiguration");

    [Test]
    public void DatabaseIsNotPubliclyAccessible() => Assert.That(_database.Flag("publiclyAccessible"), Is.False);

    [Test]
    public void DatabaseIsEncryptedOnGp3()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_database.Flag("storageEncrypted"), Is.True);
            Assert.That(_database.Text("storageType"), Is.EqualTo("gp3"));
            Assert.That(_database.Flag("manageMasterUserPassword"), Is.True);
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
    public void PostgresPortIsOpenOnlyToTheVpcConnector()
    {
        var connectorGroupId = $"{_run.Named("aws:ec2/securityGroup:SecurityGroup", "switchyard-connector").Name}_id";
        var databaseGroup = _run.Named("aws:ec2/securityGroup:SecurityGroup", "switchyard-db").Inputs;
        var rule = (IReadOnlyDictionary<string, object>)databaseGroup.List("ingress").Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rule.Number("fromPort"), Is.EqualTo(5432));
            Assert.That(rule.Number("toPort"), Is.EqualTo(5432));
            Assert.That(rule.Texts("securityGroups"), Is.EqualTo(new[] { connectorGroupId }));
            Assert.That(rule.Texts("cidrBlocks"), Is.Empty);
            Assert.That(_database.Texts("vpcSecurityGroupIds"), Is.EqualTo(new[] { "switchyard-db_id" }));
        }
    }

    [Test]
    public void NoSecurityGroupOpensPostgresToTheInternet()
    {
        var openToWorld = _run.OfType("aws:ec2/securityGroup:SecurityGroup")
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
            Assert.That(_database.Text("finalSnapshotIdentifier") is not null, Is.EqualTo(IsProd));
            Assert.That(_database.Flag("multiAz"), Is.EqualTo(IsProd));
            Assert.That(_database.Number("backupRetentionPeriod"), Is.GreaterThanOrEqualTo(IsProd ? 7 : 1));
        }
    }

    [Test]
    public void ServiceRunsThePushedImageDigest()
    {
        var repository = _service.Path("sourceConfiguration", "imageRepository");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(repository.Text("imageIdentifier"), Is.EqualTo(Mocks.RepoDigest));
            Assert.That(repository.Text("imageRepositoryType"), Is.EqualTo("ECR"));
            Assert.That(_service.Map("sourceConfiguration").Flag("autoDeploymentsEnabled"), Is.False);
        }
    }

    [Test]
    public void EveryPostgresContractVariableIsPresent()
    {
        var variables = ImageConfiguration.Map("runtimeEnvironmentVariables");
        var secrets = ImageConfiguration.Map("runtimeEnvironmentSecrets");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(variables.Keys, Is.EquivalentTo(new[]
            {
                ServiceEnvironment.HttpPorts, ServiceEnvironment.StoreKind, ServiceEnvironment.AwsRegion,
                ServiceEnvironment.PostgresHost, ServiceEnvironment.PostgresPort, ServiceEnvironment.PostgresDatabase,
                ServiceEnvironment.PostgresMaxPoolSize,
            }));
            Assert.That(secrets.Keys, Is.EquivalentTo(new[]
            {
                ServiceEnvironment.PostgresCredentials, ServiceEnvironment.AuthUsername, ServiceEnvironment.AuthPassword,
            }));
            Assert.That(variables.Text(ServiceEnvironment.StoreKind), Is.EqualTo(ServiceEnvironment.StoreKinds.Postgres));
            Assert.That(variables.Text(ServiceEnvironment.HttpPorts), Is.EqualTo("8080"));
            Assert.That(variables.Text(ServiceEnvironment.PostgresPort), Is.EqualTo("5432"));
            Assert.That(variables.Text(ServiceEnvironment.AwsRegion), Is.EqualTo("eu-west-1"));
            Assert.That(ImageConfiguration.Text("port"), Is.EqualTo("8080"));
        }
    }

    [Test]
    public void SecretsArriveOnlyAsSecretReferences()
    {
        var variables = ImageConfiguration.Map("runtimeEnvironmentVariables");
        var secrets = ImageConfiguration.Map("runtimeEnvironmentSecrets");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(secrets.Values.Cast<string>(), Is.All.StartWith("arn:aws:"));
            Assert.That(secrets.Text(ServiceEnvironment.PostgresCredentials), Is.EqualTo(Mocks.DatabaseSecretArn));
            Assert.That(variables.Values.Cast<string>(), Has.None.Contains(StackRun.Password));
            Assert.That(variables.Keys, Has.None.EqualTo(ServiceEnvironment.AuthPassword));
            Assert.That(variables.Keys, Has.None.EqualTo(ServiceEnvironment.DynamoDbServiceUrl));
        }
    }

    [Test]
    public void PoolSizeFollowsTheConnectionBudget()
    {
        var expected = ConnectionBudget.PerInstancePoolSize(
            _run.Config["switchyard:dbInstanceClass"], 0, int.Parse(_run.Config["switchyard:maxInstances"], CultureInfo.InvariantCulture));
        Assert.That(ImageConfiguration.Map("runtimeEnvironmentVariables").Text(ServiceEnvironment.PostgresMaxPoolSize),
            Is.EqualTo(expected.ToString(CultureInfo.InvariantCulture)));
    }

    [Test]
    public void InstanceRoleReadsExactlyItsThreeSecrets()
    {
        using var policy = JsonDocument.Parse(_run.Named("aws:iam/rolePolicy:RolePolicy", "switchyard-instance-secrets").Inputs.Text("policy")!);
        var statement = policy.RootElement.GetProperty("Statement").EnumerateArray().Single();
        var secretArns = _run.OfType("aws:secretsmanager/secretVersion:SecretVersion").Select(v => v.State.Text("arn"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(statement.GetProperty("Action").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "secretsmanager:GetSecretValue" }));
            Assert.That(statement.GetProperty("Resource").EnumerateArray().Select(a => a.GetString()),
                Is.EquivalentTo(secretArns.Append(Mocks.DatabaseSecretArn)));
        }
    }

    [Test]
    public void HealthCheckUsesTheLivenessPath()
    {
        var check = _service.Map("healthCheckConfiguration");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(check.Text("protocol"), Is.EqualTo("HTTP"));
            Assert.That(check.Text("path"), Is.EqualTo(ServiceEnvironment.LivenessPath));
        }
    }

    [Test]
    public void EgressGoesThroughTheVpcConnectorInPrivateSubnets()
    {
        var egress = _service.Path("networkConfiguration", "egressConfiguration");
        var connector = _run.Sole("aws:apprunner/vpcConnector:VpcConnector");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(egress.Text("egressType"), Is.EqualTo("VPC"));
            Assert.That(egress.Text("vpcConnectorArn"), Is.EqualTo(connector.State.Text("arn")));
            Assert.That(connector.Inputs.Texts("subnets"), Is.EquivalentTo(Mocks.PrivateSubnetIds));
        }
    }

    [Test]
    public void AutoScalingFollowsTheStack()
    {
        var scaling = _run.Sole("aws:apprunner/autoScalingConfigurationVersion:AutoScalingConfigurationVersion").Inputs;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(scaling.Number("minSize"), Is.EqualTo(int.Parse(_run.Config["switchyard:minInstances"], CultureInfo.InvariantCulture)));
            Assert.That(scaling.Number("maxSize"), Is.EqualTo(int.Parse(_run.Config["switchyard:maxInstances"], CultureInfo.InvariantCulture)));
            Assert.That(_service.Text("autoScalingConfigurationArn"), Is.Not.Null);
        }
    }
}

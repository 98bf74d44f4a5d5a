using System.Diagnostics.CodeAnalysis;
using Pulumi;
using Switchyard.Infra.Compute;
using Switchyard.Infra.Image;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Security;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra;

/// <summary>
/// The whole program: settings, the shared network, image and credentials, then the one store and
/// the one compute the architecture names, each handing its health signals to the stack's alarms;
/// last the dashboard over those signals and the monthly cost. A store is named after itself, never after the
/// architecture, so changing the compute leaves the store in place. A new compute or store is a
/// new component and a new case in one of the switches below.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A Pulumi stack, not a Stack<T> collection.")]
public static class SwitchyardStack
{
    public const string Name = "switchyard";

    public static IDictionary<string, object?> Define()
    {
        var config = new Config(StackSettings.Namespace);
        var settings = StackSettings.Parse(config.Get, new Config("aws").Require("region"));
        // Unset, AuthSecrets generates one: the first `pulumi up` needs no secret typed in.
        var password = config.GetSecret(StackSettings.Keys.BasicAuthPassword);

        var vpc = new SharedVpc(Name, new SharedVpcArgs
        {
            AvailabilityZones = settings.AvailabilityZones,
            Nat = settings.Nat,
            Region = settings.Region,
        });
        var image = new ServiceImage(Name, new ServiceImageArgs
        {
            ForceDelete = !settings.DeletionProtection,
            KeepImages = settings.ImageRetentionCount,
        });
        var authSecrets = new AuthSecrets($"{Name}-auth", new AuthSecretsArgs
        {
            Username = settings.BasicAuthUsername,
            Password = password,
            Recoverable = settings.DeletionProtection,
        });

        var alarms = new StackAlarms($"{Name}-alarms", new StackAlarmsArgs { Email = settings.AlarmEmail });
        var store = CreateStore(settings, vpc);
        _ = alarms.Watch(store.Watches);
        var compute = CreateCompute(settings, new ComputeArgs
        {
            Settings = settings,
            VpcId = vpc.VpcId,
            VpcCidrBlock = vpc.VpcCidrBlock,
            PublicSubnetIds = vpc.PublicSubnetIds,
            PrivateSubnetIds = vpc.PrivateSubnetIds,
            ImageRef = image.ImageRef,
            Store = store.Binding,
            Environment = ContainerEnvironment.For(store.Binding, authSecrets, settings.Region),
            Alarms = alarms,
        });
        var dashboard = new StackDashboard(Name, new StackDashboardArgs { Region = settings.Region, Watches = alarms.Watches });
        var cost = StackCost.Report(settings, alarms.Watches.Count);

        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["architecture"] = Output.Create(settings.Architecture.Name),
            ["url"] = compute.Url,
            ["imageRef"] = image.ImageRef,
            ["basicAuthSecretArn"] = authSecrets.PasswordArn,
            ["basicAuthPasswordCommand"] = authSecrets.ReadPasswordCommand,
            ["alarmTopicArn"] = alarms.TopicArn,
            ["dashboardUrl"] = dashboard.Url,
        };
        if (cost is not null)
        {
            outputs["estimatedMonthlyUsd"] = cost.TotalUsd;
            outputs["costBreakdown"] = cost.Breakdown;
        }

        foreach (var (key, value) in store.Outputs.Concat(compute.Outputs))
        {
            outputs.Add(key, value);
        }

        return outputs;
    }

    private static IStore CreateStore(StackSettings settings, SharedVpc vpc) => settings.Architecture.Store switch
    {
        StoreKind.Rds => new PostgresDatabase($"{Name}-db", new PostgresDatabaseArgs
        {
            Settings = settings, VpcId = vpc.VpcId, PrivateSubnetIds = vpc.PrivateSubnetIds,
        }),
        StoreKind.DynamoDb => new DynamoDbTable($"{Name}-items", new DynamoDbTableArgs { Settings = settings }),
        _ => throw new RunException($"Unhandled store in '{settings.Architecture}'."),
    };

    private static ICompute CreateCompute(StackSettings settings, ComputeArgs args) => settings.Architecture.Compute switch
    {
        ComputeKind.AppRunner => new AppRunnerService(Name, args),
        ComputeKind.Fargate => new FargateService(Name, args),
        ComputeKind.Express => new ExpressService(Name, args),
        _ => throw new RunException($"Unhandled compute in '{settings.Architecture}'."),
    };
}

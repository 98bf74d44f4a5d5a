using System.Diagnostics.CodeAnalysis;
using Pulumi;
using Switchyard.Infra.Compute;
using Switchyard.Infra.Image;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Publishing;
using Switchyard.Infra.Security;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra;

/// <summary>
/// The whole program: settings, the network (created, existing or another stack's), image and
/// credentials, then the one store (two during a store switch: the new one and the copy's source)
/// and the one compute the architecture names, each handing its
/// health signals to the stack's alarms; last the dashboard over those signals, the monthly cost,
/// and what other stacks may read (outputs, SSM parameters). A network-only stack stops after the
/// network and its cost. A store is named after itself, never after the architecture, so changing
/// the compute leaves the store in place. A new compute or store is a new component and a new
/// case in one of the switches below.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A Pulumi stack, not a Stack<T> collection.")]
public static class SwitchyardStack
{
    public const string Name = "switchyard";

    public static IDictionary<string, object?> Define()
    {
        var config = new Config(StackSettings.Namespace);
        var settings = StackSettings.Parse(config.Get, new Config("aws").Require("region"));

        var network = CreateNetwork(settings);
        if (settings.NetworkOnly)
        {
            return PublishNetwork(network, settings);
        }

        var architecture = settings.Architecture ?? throw new RunException($"{StackSettings.Namespace}:{StackSettings.Keys.Architecture} is not set.");
        var image = new ServiceImage(Name, new ServiceImageArgs
        {
            ForceDelete = !settings.DeletionProtection,
            KeepImages = settings.ImageRetentionCount,
        });
        var authSecrets = new AuthSecrets($"{Name}-auth", new AuthSecretsArgs
        {
            Username = settings.BasicAuthUsername,
            // Unset, AuthSecrets generates one: the first `pulumi up` needs no secret typed in.
            Password = config.GetSecret(StackSettings.Keys.BasicAuthPassword),
            Recoverable = settings.DeletionProtection,
        });

        var alarms = new StackAlarms($"{Name}-alarms", new StackAlarmsArgs { Email = settings.AlarmEmail });
        var stores = CreateStores(architecture.Store, settings, network);
        _ = alarms.Watch(stores.SelectMany(store => store.Watches));
        var binding = stores is [var target, var source] ? target.Binding.CopyingFrom(source.Binding) : stores[0].Binding;
        var compute = CreateCompute(architecture, new ComputeArgs
        {
            Settings = settings,
            VpcId = network.VpcId,
            VpcCidrBlock = network.VpcCidrBlock,
            PublicSubnetIds = network.PublicSubnetIds,
            PrivateSubnetIds = network.PrivateSubnetIds,
            ImageRef = image.ImageRef,
            Store = binding,
            Environment = ContainerEnvironment.For(binding, authSecrets, settings.Region),
            Alarms = alarms,
            OwnsInterfaceEndpoints = settings.CreatesInterfaceEndpoints,
        });
        var dashboard = new StackDashboard(Name, new StackDashboardArgs { Region = settings.Region, Watches = alarms.Watches });

        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["architecture"] = Output.Create(architecture.Name),
            ["url"] = compute.Url,
            ["imageRef"] = image.ImageRef,
            ["basicAuthSecretArn"] = authSecrets.PasswordArn,
            ["basicAuthPasswordCommand"] = authSecrets.ReadPasswordCommand,
            ["alarmTopicArn"] = alarms.TopicArn,
            ["dashboardUrl"] = dashboard.Url,
        };
        AddCost(outputs, StackCost.Report(settings, alarms.Watches.Count));
        return Publish(outputs, network, stores, compute);
    }

    /// <summary>
    /// The stack outputs, and the URL, architecture, VPC and store facts as SSM parameters for
    /// readers without Pulumi; during a store switch both stores' (their output names differ).
    /// </summary>
    private static Dictionary<string, object?> Publish(Dictionary<string, object?> outputs, INetwork network, IReadOnlyList<IStore> stores, ICompute compute)
    {
        var parameters = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
        {
            ["url"] = compute.Url,
            ["architecture"] = (Output<string>)outputs["architecture"]!,
            ["vpc-id"] = network.VpcId,
        };
        foreach (var (key, value) in stores.SelectMany(store => store.Outputs))
        {
            parameters.Add(SsmParameters.ParameterKey(key), value);
            outputs.Add(key, value);
        }

        foreach (var (key, value) in compute.Outputs)
        {
            outputs.Add(key, value);
        }

        _ = new SsmParameters($"{Name}-parameters", parameters);
        return outputs;
    }

    /// <summary>The estimate's two outputs; none when the price table lacks the region or a class.</summary>
    private static void AddCost(Dictionary<string, object?> outputs, StackCost? cost)
    {
        if (cost is not null)
        {
            outputs["estimatedMonthlyUsd"] = cost.TotalUsd;
            outputs["costBreakdown"] = cost.Breakdown;
        }
    }

    private static INetwork CreateNetwork(StackSettings settings) => settings.Network switch
    {
        NetworkSource.Create => new SharedVpc(Name, new SharedVpcArgs
        {
            AvailabilityZones = settings.AvailabilityZones,
            Nat = settings.Nat,
            Region = settings.Region,
        }),
        NetworkSource.Existing => new ExistingVpc(Name, new ExistingVpcArgs
        {
            VpcId = settings.VpcId,
            PublicSubnetIds = settings.PublicSubnetIds,
            PrivateSubnetIds = settings.PrivateSubnetIds,
            AddGatewayEndpoints = settings.AddGatewayEndpoints,
            Region = settings.Region,
        }),
        NetworkSource.Stack => new NetworkStackReference($"{Name}-network", settings.NetworkStack),
        _ => throw new RunException($"Unhandled network source '{settings.Network}'."),
    };

    /// <summary>
    /// A network shared by service stacks: the interface endpoints their Express tasks need
    /// (private DNS allows one set per VPC), what they read through
    /// <see cref="NetworkStackReference"/>, the VPC id in SSM, and what the network costs.
    /// </summary>
    private static Dictionary<string, object?> PublishNetwork(INetwork network, StackSettings settings)
    {
        _ = new InterfaceEndpoints($"{Name}-endpoints", new InterfaceEndpointsArgs
        {
            VpcId = network.VpcId,
            VpcCidrBlock = network.VpcCidrBlock,
            SubnetIds = network.PublicSubnetIds,
            Zones = settings.InterfaceEndpointZones,
            Region = settings.Region,
        });
        _ = new SsmParameters($"{Name}-parameters", new Dictionary<string, Output<string>>(StringComparer.Ordinal) { ["vpc-id"] = network.VpcId });
        var outputs = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            [NetworkStackReference.OutputNames[0]] = network.VpcId,
            [NetworkStackReference.OutputNames[1]] = network.PublicSubnetIds,
            [NetworkStackReference.OutputNames[2]] = network.PrivateSubnetIds,
        };
        AddCost(outputs, StackCost.Report(settings, alarmCount: 0));
        return outputs;
    }

    /// <summary>
    /// The architecture's store; during phase 1 of a store switch also the store named by
    /// <c>copyFrom</c>, built with the same component and name as when it was the only one, so
    /// nothing of it is replaced.
    /// </summary>
    private static IStore[] CreateStores(StoreKind store, StackSettings settings, INetwork network) =>
        settings.CopyFrom is { } copyFrom
            ? [CreateStore(store, settings, network), CreateStore(copyFrom, settings, network)]
            : [CreateStore(store, settings, network)];

    private static IStore CreateStore(StoreKind kind, StackSettings settings, INetwork network) => kind switch
    {
        StoreKind.Rds => new PostgresDatabase($"{Name}-db", new PostgresDatabaseArgs
        {
            Settings = settings, VpcId = network.VpcId, PrivateSubnetIds = network.PrivateSubnetIds,
        }),
        StoreKind.DynamoDb => new DynamoDbTable($"{Name}-items", new DynamoDbTableArgs { Settings = settings }),
        _ => throw new RunException($"Unhandled store '{kind}'."),
    };

    private static ICompute CreateCompute(Architecture architecture, ComputeArgs args) => architecture.Compute switch
    {
        ComputeKind.AppRunner => new AppRunnerService(Name, args),
        ComputeKind.Fargate => new FargateService(Name, args),
        ComputeKind.Express => new ExpressService(Name, args),
        _ => throw new RunException($"Unhandled compute in '{architecture}'."),
    };
}

using System.Collections.Immutable;
using Pulumi;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra.Compute;

/// <summary>What every compute is given: the stack, the shared network and image, and one store.</summary>
public sealed class ComputeArgs
{
    public required StackSettings Settings { get; init; }
    public required Output<string> VpcId { get; init; }
    public required Output<string> VpcCidrBlock { get; init; }
    public required Output<ImmutableArray<string>> PublicSubnetIds { get; init; }
    public required Output<ImmutableArray<string>> PrivateSubnetIds { get; init; }
    public required Output<string> ImageRef { get; init; }
    public required StoreBinding Store { get; init; }
    public required ContainerEnvironment Environment { get; init; }

    /// <summary>Where the compute hands its health signals; ECS services roll back on the ones that guard deployments.</summary>
    public required StackAlarms Alarms { get; init; }

    /// <summary>
    /// Whether this stack adds the interface endpoints ECS tasks without a public IP need; false
    /// when the network comes from a network-only stack, which has them for every service stack.
    /// </summary>
    public required bool OwnsInterfaceEndpoints { get; init; }
}

/// <summary>A compute component: where the service answers and what the stack prints about it.</summary>
public interface ICompute
{
    Output<string> Url { get; }

    /// <summary>Stack outputs besides the URL, e.g. the log group.</summary>
    IReadOnlyDictionary<string, Output<string>> Outputs { get; }
}

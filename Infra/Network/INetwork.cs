using System.Collections.Immutable;
using Pulumi;

namespace Switchyard.Infra.Network;

/// <summary>
/// The network every compute and store runs on, whichever source it comes from: a VPC the
/// program creates (<see cref="SharedVpc"/>), one it does not own (<see cref="ExistingVpc"/>) or
/// another stack's (<see cref="NetworkStackReference"/>).
/// </summary>
public interface INetwork
{
    Output<string> VpcId { get; }
    Output<string> VpcCidrBlock { get; }

    /// <summary>Subnets routed to an internet gateway, one per availability zone.</summary>
    Output<ImmutableArray<string>> PublicSubnetIds { get; }

    /// <summary>Subnets without a route from the internet, one per availability zone.</summary>
    Output<ImmutableArray<string>> PrivateSubnetIds { get; }
}

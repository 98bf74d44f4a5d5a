using System.Collections.Immutable;
using Pulumi;
using Ec2 = Pulumi.Aws.Ec2;

namespace Switchyard.Infra.Network;

/// <summary>
/// Another stack's network (SST's <c>Vpc.get</c>): its outputs <c>vpcId</c>,
/// <c>publicSubnetIds</c> and <c>privateSubnetIds</c>, read through a stack reference. A
/// network-only stack of this project publishes exactly these.
/// </summary>
public sealed class NetworkStackReference : INetwork
{
    public static IReadOnlyList<string> OutputNames { get; } = ["vpcId", "publicSubnetIds", "privateSubnetIds"];

    public Output<string> VpcId { get; }
    public Output<string> VpcCidrBlock { get; }
    public Output<ImmutableArray<string>> PublicSubnetIds { get; }
    public Output<ImmutableArray<string>> PrivateSubnetIds { get; }

    public NetworkStackReference(string name, string stackName)
    {
        var reference = new StackReference(name, new StackReferenceArgs { Name = stackName });
        VpcId = reference.RequireOutput(OutputNames[0]).Apply(value => value as string
            ?? throw new RunException($"Stack '{stackName}' has no string output '{OutputNames[0]}'."));
        VpcCidrBlock = Ec2.GetVpc.Invoke(new() { Id = VpcId }).Apply(vpc => vpc.CidrBlock);
        PublicSubnetIds = SubnetZones.RequireTwo($"Stack '{stackName}' output '{OutputNames[1]}'", Ids(reference, stackName, OutputNames[1]));
        PrivateSubnetIds = SubnetZones.RequireTwo($"Stack '{stackName}' output '{OutputNames[2]}'", Ids(reference, stackName, OutputNames[2]));
    }

    private static Output<ImmutableArray<string>> Ids(StackReference reference, string stackName, string outputName) =>
        reference.RequireOutput(outputName).Apply(value => value is IEnumerable<object> items
            ? items.Select(item => item as string ?? throw new RunException($"Stack '{stackName}' output '{outputName}' holds a non-string.")).ToImmutableArray()
            : throw new RunException($"Stack '{stackName}' has no list output '{outputName}'."));
}

using System.Collections.Immutable;
using Pulumi;
using Ec2 = Pulumi.Aws.Ec2;

namespace Switchyard.Infra.Network;

public sealed class ExistingVpcArgs
{
    public required string VpcId { get; init; }
    public required IReadOnlyList<string> PublicSubnetIds { get; init; }
    public required IReadOnlyList<string> PrivateSubnetIds { get; init; }

    /// <summary>Add the S3 and DynamoDB gateway endpoints; false when the VPC has them already.</summary>
    public required bool AddGatewayEndpoints { get; init; }
    public required string Region { get; init; }
}

/// <summary>
/// A VPC the program does not own (Copilot's <c>--import-vpc-id</c>): looked up, never modified
/// beyond the security groups and endpoints the computes and stores add, and the gateway
/// endpoints only when asked for.
/// </summary>
public sealed class ExistingVpc : ComponentResource, INetwork
{
    public Output<string> VpcId { get; }
    public Output<string> VpcCidrBlock { get; }
    public Output<ImmutableArray<string>> PublicSubnetIds { get; }
    public Output<ImmutableArray<string>> PrivateSubnetIds { get; }

    public ExistingVpc(string name, ExistingVpcArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:network:ExistingVpc", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var vpc = Ec2.GetVpc.Invoke(new() { Id = args.VpcId });
        VpcId = vpc.Apply(v => v.Id);
        VpcCidrBlock = vpc.Apply(v => v.CidrBlock);
        PublicSubnetIds = SubnetZones.RequireTwo($"{StackSettings.Namespace}:{StackSettings.Keys.PublicSubnetIds}",
            Output.Create(args.PublicSubnetIds.ToImmutableArray()));
        PrivateSubnetIds = SubnetZones.RequireTwo($"{StackSettings.Namespace}:{StackSettings.Keys.PrivateSubnetIds}",
            Output.Create(args.PrivateSubnetIds.ToImmutableArray()));
        if (args.AddGatewayEndpoints)
        {
            GatewayEndpoints.Create(name, VpcId, args.Region, this);
        }

        RegisterOutputs(new Dictionary<string, object?> { ["vpcId"] = VpcId });
    }
}

using System.Collections.Immutable;
using Pulumi;
using Awsx = Pulumi.Awsx;

namespace Switchyard.Infra.Network;

public sealed class SharedVpcArgs
{
    public required int AvailabilityZones { get; init; }
    public required NatMode Nat { get; init; }
    public required string Region { get; init; }
}

/// <summary>
/// The network every architecture shares: public and private subnets in every configured
/// availability zone, NAT only when configured, and the free S3 and DynamoDB gateway endpoints
/// on every route table (ECR image layers come from S3; the DynamoDB store stays off the internet).
/// </summary>
public sealed class SharedVpc : ComponentResource, INetwork
{
    /// <summary>awsx's default, stated so that security groups can admit "anywhere in the VPC".</summary>
    public const string CidrBlock = "10.0.0.0/16";

    public Output<string> VpcId { get; }
    public Output<string> VpcCidrBlock { get; } = Output.Create(CidrBlock);
    public Output<ImmutableArray<string>> PublicSubnetIds { get; }
    public Output<ImmutableArray<string>> PrivateSubnetIds { get; }

    public SharedVpc(string name, SharedVpcArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:network:SharedVpc", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var vpc = CreateVpc(name, args);
        VpcId = vpc.VpcId;
        PublicSubnetIds = vpc.PublicSubnetIds;
        PrivateSubnetIds = vpc.PrivateSubnetIds;

        // The route tables are read once the VPC component has finished: its vpcId output only
        // resolves after every subnet and route table inside it exists.
        GatewayEndpoints.Create(name, VpcId, args.Region, this);

        RegisterOutputs(new Dictionary<string, object?>
        {
            ["vpcId"] = VpcId,
            ["publicSubnetIds"] = PublicSubnetIds,
            ["privateSubnetIds"] = PrivateSubnetIds,
        });
    }

    public static Awsx.Ec2.NatGatewayStrategy ToStrategy(NatMode nat) => nat switch
    {
        NatMode.OneGateway => Awsx.Ec2.NatGatewayStrategy.Single,
        NatMode.GatewayPerAz => Awsx.Ec2.NatGatewayStrategy.OnePerAz,
        _ => Awsx.Ec2.NatGatewayStrategy.None,
    };

    private Awsx.Ec2.Vpc CreateVpc(string name, SharedVpcArgs args) =>
        new($"{name}-vpc", new Awsx.Ec2.VpcArgs
        {
            CidrBlock = CidrBlock,
            NumberOfAvailabilityZones = args.AvailabilityZones,
            EnableDnsHostnames = true,
            SubnetStrategy = Awsx.Ec2.SubnetAllocationStrategy.Auto,
            SubnetSpecs =
            {
                new Awsx.Ec2.Inputs.SubnetSpecArgs { Type = Awsx.Ec2.SubnetType.Public },
                new Awsx.Ec2.Inputs.SubnetSpecArgs { Type = Awsx.Ec2.SubnetType.Private },
            },
            NatGateways = new Awsx.Ec2.Inputs.NatGatewayConfigurationArgs { Strategy = ToStrategy(args.Nat) },
        }, new ComponentResourceOptions { Parent = this });
}

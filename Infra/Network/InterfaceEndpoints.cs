using System.Collections.Immutable;
using Pulumi;
using Ec2 = Pulumi.Aws.Ec2;

namespace Switchyard.Infra.Network;

public sealed class InterfaceEndpointsArgs
{
    public required Output<string> VpcId { get; init; }
    public required Output<string> VpcCidrBlock { get; init; }

    /// <summary>One subnet per availability zone, the first <see cref="Zones"/> of which get the endpoints' network interfaces.</summary>
    public required Output<ImmutableArray<string>> SubnetIds { get; init; }

    /// <summary>How many of <see cref="SubnetIds"/> (in order) the endpoints are placed in.</summary>
    public required int Zones { get; init; }
    public required string Region { get; init; }
}

/// <summary>
/// Private DNS endpoints for what an ECS task needs before the service starts: ECR (API and
/// image layers; the layers themselves come through the S3 gateway endpoint), CloudWatch Logs
/// and Secrets Manager. Tasks that have neither a public IP nor a NAT reach AWS through these.
/// </summary>
public sealed class InterfaceEndpoints : ComponentResource
{
    public static IReadOnlyList<string> Services { get; } = ["ecr.api", "ecr.dkr", "logs", "secretsmanager"];

    public InterfaceEndpoints(string name, InterfaceEndpointsArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:network:InterfaceEndpoints", name, options)
    {
        ArgumentNullException.ThrowIfNull(args);
        var group = SecurityGroups.PortFromCidr($"{name}-https", args.VpcId, "AWS service endpoints, HTTPS from inside the VPC",
            443, args.VpcCidrBlock, egressAnywhere: false, this);
        // Fewer zones cost less; tasks in the others reach the endpoints across zones (private DNS
        // answers with the interfaces that exist), and lose them while those zones are down.
        var subnetIds = args.SubnetIds.Apply(ids => ids.Take(args.Zones).ToImmutableArray());
        foreach (var service in Services)
        {
            _ = new Ec2.VpcEndpoint($"{name}-{service.Replace('.', '-')}", new Ec2.VpcEndpointArgs
            {
                VpcId = args.VpcId,
                ServiceName = $"com.amazonaws.{args.Region}.{service}",
                VpcEndpointType = "Interface",
                PrivateDnsEnabled = true,
                SubnetIds = subnetIds,
                SecurityGroupIds = { group.Id },
            }, new CustomResourceOptions { Parent = this });
        }

        RegisterOutputs();
    }
}

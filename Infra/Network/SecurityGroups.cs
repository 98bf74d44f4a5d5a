using Pulumi;
using Ec2 = Pulumi.Aws.Ec2;

namespace Switchyard.Infra.Network;

/// <summary>The few security-group shapes the architectures need, each stated once.</summary>
public static class SecurityGroups
{
    public const string Anywhere = "0.0.0.0/0";

    /// <summary>No inbound traffic; any outbound traffic.</summary>
    public static Ec2.SecurityGroup EgressOnly(string name, Output<string> vpcId, string description, Resource parent) =>
        Create(name, vpcId, description, [], egressAnywhere: true, parent);

    /// <summary>One TCP port, only from members of <paramref name="sourceGroupId"/>.</summary>
    public static Ec2.SecurityGroup PortFromGroup(
        string name, Output<string> vpcId, string description, int port, Output<string> sourceGroupId, bool egressAnywhere, Resource parent) =>
        Create(name, vpcId, description,
        [
            new Ec2.Inputs.SecurityGroupIngressArgs
            {
                Protocol = "tcp",
                FromPort = port,
                ToPort = port,
                SecurityGroups = { sourceGroupId },
            },
        ], egressAnywhere, parent);

    /// <summary>The given TCP ports from the whole internet (a public load balancer).</summary>
    public static Ec2.SecurityGroup PortsFromInternet(string name, Output<string> vpcId, string description, IEnumerable<int> ports, Resource parent) =>
        Create(name, vpcId, description,
            [.. ports.Select(port => new Ec2.Inputs.SecurityGroupIngressArgs
            {
                Protocol = "tcp",
                FromPort = port,
                ToPort = port,
                CidrBlocks = { Anywhere },
            })],
            egressAnywhere: true, parent);

    private static Ec2.SecurityGroup Create(
        string name, Output<string> vpcId, string description, Ec2.Inputs.SecurityGroupIngressArgs[] ingress, bool egressAnywhere, Resource parent)
    {
        var args = new Ec2.SecurityGroupArgs
        {
            VpcId = vpcId,
            Description = description,
            Ingress = ingress,
        };
        if (egressAnywhere)
        {
            args.Egress.Add(new Ec2.Inputs.SecurityGroupEgressArgs
            {
                Protocol = "-1",
                FromPort = 0,
                ToPort = 0,
                CidrBlocks = { Anywhere },
            });
        }

        return new Ec2.SecurityGroup(name, args, new CustomResourceOptions { Parent = parent });
    }
}

using Pulumi;
using Ec2 = Pulumi.Aws.Ec2;
using Vpc = Pulumi.Aws.Vpc;

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
        string name, Output<string> vpcId, string description, int port, Output<string> sourceGroupId, bool egressAnywhere, Resource parent)
    {
        var rule = TcpPort(port);
        rule.SecurityGroups.Add(sourceGroupId);
        return Create(name, vpcId, description, [rule], egressAnywhere, parent);
    }

    /// <summary>One TCP port from one address range, e.g. the whole VPC (a load balancer the program does not own).</summary>
    public static Ec2.SecurityGroup PortFromCidr(
        string name, Output<string> vpcId, string description, int port, Output<string> cidrBlock, bool egressAnywhere, Resource parent)
    {
        var rule = TcpPort(port);
        rule.CidrBlocks.Add(cidrBlock);
        return Create(name, vpcId, description, [rule], egressAnywhere, parent);
    }

    /// <summary>
    /// A group whose inbound rules are separate resources (<see cref="AdmitFromGroup"/>): it names
    /// no inline ingress, so rules added later by whoever is admitted are never overwritten.
    /// </summary>
    public static Ec2.SecurityGroup AdmittingByRule(string name, Output<string> vpcId, string description, Resource parent) =>
        new(name, new Ec2.SecurityGroupArgs { VpcId = vpcId, Description = description }, new CustomResourceOptions { Parent = parent });

    /// <summary>One TCP port into <paramref name="groupId"/>, only from members of <paramref name="sourceGroupId"/>.</summary>
    public static Vpc.SecurityGroupIngressRule AdmitFromGroup(
        string name, Output<string> groupId, int port, Output<string> sourceGroupId, Resource parent) =>
        new(name, new Vpc.SecurityGroupIngressRuleArgs
        {
            SecurityGroupId = groupId,
            IpProtocol = "tcp",
            FromPort = port,
            ToPort = port,
            ReferencedSecurityGroupId = sourceGroupId,
        }, new CustomResourceOptions { Parent = parent });

    /// <summary>The given TCP ports from the whole internet (a public load balancer).</summary>
    public static Ec2.SecurityGroup PortsFromInternet(string name, Output<string> vpcId, string description, IEnumerable<int> ports, Resource parent) =>
        Create(name, vpcId, description,
            [.. ports.Select(port =>
            {
                var rule = TcpPort(port);
                rule.CidrBlocks.Add(Anywhere);
                return rule;
            })],
            egressAnywhere: true, parent);

    private static Ec2.Inputs.SecurityGroupIngressArgs TcpPort(int port) => new() { Protocol = "tcp", FromPort = port, ToPort = port };

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

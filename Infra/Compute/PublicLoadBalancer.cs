using System.Collections.Immutable;
using Pulumi;
using Switchyard.Infra.Network;
using Switchyard.Infra.Operations;
using LB = Pulumi.Aws.LB;

namespace Switchyard.Infra.Compute;

public sealed class PublicLoadBalancerArgs
{
    public required Output<string> VpcId { get; init; }
    public required Output<ImmutableArray<string>> PublicSubnetIds { get; init; }

    /// <summary>ACM certificate for HTTPS; empty for an HTTP-only load balancer.</summary>
    public required string CertificateArn { get; init; }

    /// <summary>The load balancer refuses deletion until this is turned off.</summary>
    public required bool DeletionProtection { get; init; }

    /// <summary>S3 bucket for access logs (written under <see cref="AccessLogBucket.Prefix"/>); null for none.</summary>
    public required Output<string>? AccessLogBucketName { get; init; }
}

/// <summary>
/// An internet-facing ALB forwarding to IP targets on the container port. With a certificate,
/// HTTPS serves the traffic and HTTP redirects to it. Hardened as AWS Security Hub's ELB controls
/// ask: invalid header fields dropped, deletion protection with the stack's, access logs when given
/// a bucket.
/// </summary>
public sealed class PublicLoadBalancer : ComponentResource
{
    private static readonly int[] PublicPorts = [80, 443];

    public Output<string> SecurityGroupId { get; }
    public Output<string> TargetGroupArn { get; }

    /// <summary>"app/…/…/targetgroup/…/…": the label ALBRequestCountPerTarget scaling needs.</summary>
    public Output<string> RequestCountLabel { get; }

    /// <summary>"app/…/…" and "targetgroup/…/…": the LoadBalancer and TargetGroup dimensions of the ALB's metrics.</summary>
    public Output<string> ArnSuffix { get; }
    public Output<string> TargetGroupArnSuffix { get; }
    public Output<string> Url { get; }

    /// <summary>ECS can attach a service to the target group only once a listener uses it.</summary>
    public LB.Listener ServingListener { get; }

    public PublicLoadBalancer(string name, PublicLoadBalancerArgs args, ComponentResourceOptions? options = null)
        : base("switchyard:compute:PublicLoadBalancer", name, LegacyArchitectures.Succeeding(LegacyArchitectures.PublicLoadBalancer, options))
    {
        ArgumentNullException.ThrowIfNull(args);
        var group = SecurityGroups.PortsFromInternet($"{name}-alb", args.VpcId, "Public load balancer", PublicPorts, this);
        var balancerArgs = new LB.LoadBalancerArgs
        {
            LoadBalancerType = "application",
            Internal = false,
            SecurityGroups = { group.Id },
            Subnets = args.PublicSubnetIds,
            DropInvalidHeaderFields = true,
            EnableDeletionProtection = args.DeletionProtection,
        };
        if (args.AccessLogBucketName is not null)
        {
            balancerArgs.AccessLogs = new LB.Inputs.LoadBalancerAccessLogsArgs
            {
                Bucket = args.AccessLogBucketName,
                Prefix = AccessLogBucket.Prefix,
                Enabled = true,
            };
        }

        var loadBalancer = new LB.LoadBalancer($"{name}-alb", balancerArgs, new CustomResourceOptions { Parent = this });
        var targetGroup = CreateTargetGroup(name, args.VpcId);
        ServingListener = CreateListeners(name, args.CertificateArn, loadBalancer, targetGroup);

        SecurityGroupId = group.Id;
        TargetGroupArn = targetGroup.Arn;
        RequestCountLabel = Output.Format($"{loadBalancer.ArnSuffix}/{targetGroup.ArnSuffix}");
        ArnSuffix = loadBalancer.ArnSuffix;
        TargetGroupArnSuffix = targetGroup.ArnSuffix;
        var scheme = args.CertificateArn.Length > 0 ? "https" : "http";
        Url = Output.Format($"{scheme}://{loadBalancer.DnsName}");
        RegisterOutputs(new Dictionary<string, object?> { ["url"] = Url, ["targetGroupArn"] = TargetGroupArn });
    }

    private LB.TargetGroup CreateTargetGroup(string name, Output<string> vpcId) =>
        new($"{name}-tg", new LB.TargetGroupArgs
        {
            VpcId = vpcId,
            TargetType = "ip",
            Protocol = "HTTP",
            Port = ServiceEnvironment.ContainerPort,
            DeregistrationDelay = 30,
            HealthCheck = new LB.Inputs.TargetGroupHealthCheckArgs
            {
                Path = ServiceEnvironment.LivenessPath,
                Protocol = "HTTP",
                Matcher = "200",
                Interval = 10,
                Timeout = 5,
                HealthyThreshold = 2,
                UnhealthyThreshold = 3,
            },
        }, new CustomResourceOptions { Parent = this });

    private LB.Listener CreateListeners(string name, string certificateArn, LB.LoadBalancer loadBalancer, LB.TargetGroup targetGroup)
    {
        var forward = new LB.Inputs.ListenerDefaultActionArgs { Type = "forward", TargetGroupArn = targetGroup.Arn };
        if (certificateArn.Length == 0)
        {
            return CreateListener($"{name}-http", loadBalancer, 80, "HTTP", forward, certificate: null);
        }

        _ = CreateListener($"{name}-http", loadBalancer, 80, "HTTP", new LB.Inputs.ListenerDefaultActionArgs
        {
            Type = "redirect",
            Redirect = new LB.Inputs.ListenerDefaultActionRedirectArgs { Protocol = "HTTPS", Port = "443", StatusCode = "HTTP_301" },
        }, certificate: null);
        return CreateListener($"{name}-https", loadBalancer, 443, "HTTPS", forward, certificateArn);
    }

    private LB.Listener CreateListener(
        string name, LB.LoadBalancer loadBalancer, int port, string protocol, LB.Inputs.ListenerDefaultActionArgs action, string? certificate)
    {
        var args = new LB.ListenerArgs
        {
            LoadBalancerArn = loadBalancer.Arn,
            Port = port,
            Protocol = protocol,
            DefaultActions = { action },
        };
        if (certificate is not null)
        {
            args.CertificateArn = certificate;
            args.SslPolicy = "ELBSecurityPolicy-TLS13-1-2-2021-06";
        }

        return new LB.Listener(name, args, new CustomResourceOptions { Parent = this });
    }
}

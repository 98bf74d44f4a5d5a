using System.Collections.Concurrent;
using System.Collections.Immutable;
using Pulumi.Testing;

namespace Switchyard.Infra.Tests;

/// <summary>What the program asked the engine to create: its inputs and the state the mock answered.</summary>
public sealed record RegisteredResource(string Type, string Name, ImmutableDictionary<string, object> Inputs, ImmutableDictionary<string, object> State);

/// <summary>
/// Echoes every resource's inputs back as its state, and adds the outputs the program reads
/// (awsx components are opaque under mocks: only the component registers, so its outputs are
/// given here). Every registration is recorded for the tests to inspect.
/// </summary>
public sealed class Mocks : IMocks
{
    public const string AccountId = "123456789012";
    public const string Region = "eu-west-1";
    public const string VpcId = "vpc-0a1b2c3d";
    public const string RepoDigest = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/switchyard-repo@sha256:4f0b6b3c9a1e2d7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f";
    public const string GeneratedPassword = "Generated-by-the-random-provider-7";
    public const string ElbLogDeliveryArn = "arn:aws:iam::156460612806:root";
    public const string DatabaseSecretArn = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-1234-AbCdEf";
    public const string ExistingVpcId = "vpc-existing";
    public const string ExistingVpcCidr = "172.31.0.0/16";
    public const string NetworkStackVpcId = "vpc-from-network-stack";

    /// <summary>What the mocked network stack publishes.</summary>
    public static ImmutableDictionary<string, object> NetworkStackOutputs { get; } = new Dictionary<string, object>
    {
        ["vpcId"] = NetworkStackVpcId,
        ["publicSubnetIds"] = ImmutableArray.Create<object>("subnet-shared-public-a", "subnet-shared-public-b"),
        ["privateSubnetIds"] = ImmutableArray.Create<object>("subnet-shared-private-a", "subnet-shared-private-b"),
    }.ToImmutableDictionary();

    public const string ExpressEndpoint = "sw-0123456789abcdef.ecs.eu-west-1.on.aws";
    public static ImmutableArray<string> PublicSubnetIds { get; } = ["subnet-public-a", "subnet-public-b"];
    public static ImmutableArray<string> PrivateSubnetIds { get; } = ["subnet-private-a", "subnet-private-b"];
    public static ImmutableArray<string> RouteTableIds { get; } = ["rtb-public", "rtb-private-a", "rtb-private-b"];

    private readonly ConcurrentQueue<RegisteredResource> _registered = new();

    public IReadOnlyList<RegisteredResource> Registered => [.. _registered];

    public Task<(string? id, object state)> NewResourceAsync(MockResourceArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var type = args.Type ?? "";
        var name = args.Name ?? "";
        var state = args.Inputs.ToBuilder();
        if (type == "pulumi:pulumi:StackReference")
        {
            state["outputs"] = NetworkStackOutputs;
            state["secretOutputNames"] = ImmutableArray<object>.Empty;
        }

        foreach (var (key, value) in OutputsFor(type, name))
        {
            state[key] = value;
        }

        state.TryAdd("arn", $"arn:aws:mock:{Region}:{AccountId}:{type}/{name}");
        state.TryAdd("name", name);
        var result = state.ToImmutable();
        _registered.Enqueue(new RegisteredResource(type, name, args.Inputs, result));
        return Task.FromResult<(string? id, object state)>(($"{name}_id", result));
    }

    public Task<object> CallAsync(MockCallArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        object result = args.Token switch
        {
            "aws:ec2/getRouteTables:getRouteTables" => new Dictionary<string, object>
            {
                ["id"] = VpcId,
                ["ids"] = RouteTableIds,
                ["vpcId"] = VpcId,
            },
            "aws:ecr/getAuthorizationToken:getAuthorizationToken" => new Dictionary<string, object>
            {
                ["authorizationToken"] = "QVdTOmVjci10b2tlbg==",
                ["expiresAt"] = "2030-01-01T00:00:00Z",
                ["id"] = Region,
                ["password"] = "ecr-token",
                ["proxyEndpoint"] = $"https://{AccountId}.dkr.ecr.{Region}.amazonaws.com",
                ["registryId"] = AccountId,
                ["userName"] = "AWS",
            },
            "aws:elb/getServiceAccount:getServiceAccount" => new Dictionary<string, object>
            {
                ["arn"] = ElbLogDeliveryArn,
                ["id"] = "156460612806",
            },
            "aws:ec2/getVpc:getVpc" => new Dictionary<string, object>
            {
                ["id"] = args.Args.TryGetValue("id", out var id) ? id : ExistingVpcId,
                ["cidrBlock"] = ExistingVpcCidr,
            },
            // A subnet id ending in -a or -b is in that zone, so a test can name subnets in one zone.
            "aws:ec2/getSubnet:getSubnet" => new Dictionary<string, object>
            {
                ["id"] = args.Args["id"],
                ["availabilityZone"] = $"{Region}{((string)args.Args["id"])[^1]}",
            },
            _ => new Dictionary<string, object>(),
        };
        return Task.FromResult(result);
    }

    private static Dictionary<string, object> OutputsFor(string type, string name) => type switch
    {
        "awsx:ec2:Vpc" => new()
        {
            ["vpcId"] = VpcId,
            ["publicSubnetIds"] = PublicSubnetIds,
            ["privateSubnetIds"] = PrivateSubnetIds,
        },
        "docker:index/image:Image" => new() { ["repoDigest"] = RepoDigest },
        "aws:ecr/repository:Repository" => new()
        {
            ["repositoryUrl"] = $"{AccountId}.dkr.ecr.{Region}.amazonaws.com/{name}",
            ["registryId"] = AccountId,
        },
        "aws:rds/instance:Instance" => new()
        {
            ["address"] = $"{name}.abcdefghijkl.{Region}.rds.amazonaws.com",
            ["port"] = 5432,
            ["identifier"] = $"{name}-instance",
            ["masterUserSecrets"] = ImmutableArray.Create<object>(new Dictionary<string, object> { ["secretArn"] = DatabaseSecretArn }),
        },
        "aws:apprunner/service:Service" => new()
        {
            ["serviceUrl"] = "abcd1234.eu-west-1.awsapprunner.com",
            ["serviceId"] = "0123456789abcdef0123456789abcdef",
        },
        "random:index/randomPassword:RandomPassword" => new() { ["result"] = GeneratedPassword },
        "aws:s3/bucket:Bucket" => new() { ["bucket"] = $"{name}-1234567" },
        "aws:ecs/expressGatewayService:ExpressGatewayService" => new()
        {
            ["ingressPaths"] = ImmutableArray.Create<object>(new Dictionary<string, object>
            {
                ["accessType"] = "PUBLIC",
                ["endpoint"] = ExpressEndpoint,
            }),
            ["serviceArn"] = $"arn:aws:ecs:{Region}:{AccountId}:service/default/{name}",
        },
        "aws:lb/loadBalancer:LoadBalancer" => new()
        {
            ["dnsName"] = $"{name}-123456.{Region}.elb.amazonaws.com",
            ["arnSuffix"] = $"app/{name}/0123456789abcdef",
        },
        "aws:lb/targetGroup:TargetGroup" => new() { ["arnSuffix"] = $"targetgroup/{name}/0123456789abcdef" },
        _ => new(),
    };
}

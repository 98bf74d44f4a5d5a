using Pulumi;
using Ec2 = Pulumi.Aws.Ec2;

namespace Switchyard.Infra.Network;

/// <summary>
/// The free S3 and DynamoDB gateway endpoints on every route table of a VPC: ECR image layers
/// come from S3, and the DynamoDB store stays off the internet.
/// </summary>
public static class GatewayEndpoints
{
    public static void Create(string name, Output<string> vpcId, string region, Resource parent)
    {
        var routeTableIds = Ec2.GetRouteTables.Invoke(new() { VpcId = vpcId }).Apply(tables => tables.Ids);
        foreach (var service in new[] { "s3", "dynamodb" })
        {
            _ = new Ec2.VpcEndpoint($"{name}-{service}", new Ec2.VpcEndpointArgs
            {
                VpcId = vpcId,
                ServiceName = $"com.amazonaws.{region}.{service}",
                VpcEndpointType = "Gateway",
                RouteTableIds = routeTableIds,
            }, new CustomResourceOptions { Parent = parent });
        }
    }
}

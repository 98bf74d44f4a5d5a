using Pulumi;

namespace Switchyard.Infra.Compute;

/// <summary>
/// Before computes and stores were separate, <c>apprunner-rds</c> and <c>fargate-dynamodb</c>
/// were one component each (<c>switchyard:architecture:AppRunnerRds</c>, <c>…:FargateDynamoDb</c>).
/// The compute that took over such a component aliases its old type, so the services, roles and
/// load balancer of a stack deployed then keep their URNs and update in place.
/// </summary>
public static class LegacyArchitecture
{
    public static ComponentResourceOptions Alias(ComponentResourceOptions? options, string legacyType) =>
        ComponentResourceOptions.Merge(options, new ComponentResourceOptions
        {
            Aliases = { new Alias { Type = legacyType } },
        });
}

using Pulumi;

namespace Switchyard.Infra;

/// <summary>
/// Before computes and stores were separate, <c>apprunner-rds</c> and <c>fargate-dynamodb</c>
/// were one component each, both named <c>switchyard</c>. Aliases to those components keep the
/// URNs of a stack deployed then, so <c>pulumi up</c> updates its database, table, services,
/// roles and load balancer in place instead of replacing them:
/// the compute that took such a component over aliases its type (its children follow), and each
/// store resource aliases its old parent.
/// </summary>
public static class LegacyArchitectures
{
    public const string AppRunnerRds = "switchyard:architecture:AppRunnerRds";
    public const string FargateDynamoDb = "switchyard:architecture:FargateDynamoDb";

    /// <summary>The load balancer's own former type (it lived beside the architectures then).</summary>
    public const string PublicLoadBalancer = "switchyard:architecture:PublicLoadBalancer";
    private const string ComponentName = SwitchyardStack.Name;

    /// <summary>Options for a compute component that replaces the <paramref name="legacyType"/> component.</summary>
    public static ComponentResourceOptions Succeeding(string legacyType, ComponentResourceOptions? options) =>
        ComponentResourceOptions.Merge(options, new ComponentResourceOptions
        {
            Aliases = { new Alias { Type = legacyType } },
        });

    /// <summary>
    /// Options for a store resource that used to be a child of the <paramref name="legacyType"/>
    /// component. <paramref name="protect"/> adds Pulumi's own protection beside AWS deletion
    /// protection, so neither a refactoring of the program nor a store switch can delete it.
    /// </summary>
    public static CustomResourceOptions FormerChildOf(string legacyType, Resource parent, bool protect) => new()
    {
        Parent = parent,
        Protect = protect,
        Aliases =
        {
            new Alias { ParentUrn = $"urn:pulumi:{Deployment.Instance.StackName}::{Deployment.Instance.ProjectName}::{legacyType}::{ComponentName}" },
        },
    };
}

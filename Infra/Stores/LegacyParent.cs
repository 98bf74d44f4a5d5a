using Pulumi;

namespace Switchyard.Infra.Stores;

/// <summary>
/// Before computes and stores were separate, each store's resources were children of one
/// architecture component (<c>AppRunnerRds</c>, <c>FargateDynamoDb</c>, both named
/// <c>switchyard</c>). An alias to that old parent keeps their URNs, so a stack deployed then
/// updates its database or table in place instead of replacing it.
/// </summary>
public static class LegacyParent
{
    public const string ComponentName = "switchyard";

    public static CustomResourceOptions Options(Resource parent, string legacyArchitectureType) => new()
    {
        Parent = parent,
        Aliases = { new Alias { ParentUrn = Urn(legacyArchitectureType) } },
    };

    public static string Urn(string legacyArchitectureType) =>
        $"urn:pulumi:{Deployment.Instance.StackName}::{Deployment.Instance.ProjectName}::{legacyArchitectureType}::{ComponentName}";
}

using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;

namespace Switchyard.Infra.Security;

/// <summary>IAM policy documents, built as objects and serialised, never concatenated.</summary>
public static class IamPolicy
{
    private const string Version = "2012-10-17";

    /// <summary>Trust policy letting one AWS service principal assume a role.</summary>
    public static string AssumableBy(string servicePrincipal) => JsonSerializer.Serialize(new
    {
        Version,
        Statement = new[]
        {
            new
            {
                Effect = "Allow",
                Principal = new { Service = servicePrincipal },
                Action = "sts:AssumeRole",
            },
        },
    });

    /// <summary>One statement allowing <paramref name="actions"/> on exactly <paramref name="resourceArns"/>.</summary>
    public static Output<string> Allow(IReadOnlyList<string> actions, params Output<string>[] resourceArns) =>
        Output.All(resourceArns).Apply(arns => Serialize(actions, arns));

    private static string Serialize(IReadOnlyList<string> actions, ImmutableArray<string> resources) =>
        JsonSerializer.Serialize(new
        {
            Version,
            Statement = new[]
            {
                new
                {
                    Effect = "Allow",
                    Action = actions,
                    Resource = resources,
                },
            },
        });
}

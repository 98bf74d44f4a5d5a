using System.Collections.Immutable;
using System.Text.Json;
using Pulumi;

namespace Switchyard.Infra.Security;

/// <summary>IAM actions on exactly one resource.</summary>
public sealed record IamGrant(IReadOnlyList<string> Actions, Output<string> ResourceArn);

/// <summary>IAM policy documents, built as objects and serialised, never concatenated.</summary>
public static class IamPolicy
{
    public static IReadOnlyList<string> ReadSecret { get; } = ["secretsmanager:GetSecretValue"];

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
        Output.All(resourceArns).Apply(arns => Serialize([(actions, arns)]));

    /// <summary>One statement per grant, each on its one resource.</summary>
    public static Output<string> Allow(IReadOnlyList<IamGrant> grants)
    {
        ArgumentNullException.ThrowIfNull(grants);
        return Output.All(grants.Select(g => g.ResourceArn))
            .Apply(arns => Serialize([.. grants.Select((g, i) => (g.Actions, ImmutableArray.Create(arns[i])))]));
    }

    private static string Serialize(IEnumerable<(IReadOnlyList<string> Actions, ImmutableArray<string> Resources)> statements) =>
        JsonSerializer.Serialize(new
        {
            Version,
            Statement = statements.Select(s => new
            {
                Effect = "Allow",
                Action = s.Actions,
                Resource = s.Resources,
            }).ToArray(),
        });
}

using Pulumi;
using Ssm = Pulumi.Aws.Ssm;

namespace Switchyard.Infra.Publishing;

/// <summary>
/// What other stacks and tools need to find this one, as plain <c>String</c> parameters under
/// <c>/switchyard/&lt;stack&gt;/</c> (seed 002's decoupling): the URL, the architecture, the VPC
/// and the store's name. Never a secret: who may read them is the reader's IAM.
/// </summary>
public sealed class SsmParameters : ComponentResource
{
    public static string Prefix => $"/{SwitchyardStack.Name}/{Deployment.Instance.StackName}/";

    public SsmParameters(string name, IReadOnlyDictionary<string, Output<string>> values, ComponentResourceOptions? options = null)
        : base("switchyard:publishing:SsmParameters", name, options)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            _ = new Ssm.Parameter($"{name}-{key}", new Ssm.ParameterArgs
            {
                Name = Prefix + key,
                Type = "String",
                Value = value,
                Description = $"Switchyard stack {Deployment.Instance.StackName}: {key}",
            }, new CustomResourceOptions { Parent = this });
        }

        RegisterOutputs();
    }

    /// <summary>A stack output's name as a parameter name: <c>databaseEndpoint</c> → <c>database-endpoint</c>.</summary>
    public static string ParameterKey(string outputName)
    {
        ArgumentNullException.ThrowIfNull(outputName);
        return string.Concat(outputName.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
    }
}

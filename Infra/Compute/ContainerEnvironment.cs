using System.Globalization;
using Pulumi;
using Switchyard.Infra.Security;
using Switchyard.Infra.Stores;

namespace Switchyard.Infra.Compute;

/// <summary>
/// The environment every compute hands the container, keyed by the names in
/// <see cref="ServiceEnvironment"/>: what every store needs, the store's binding and the
/// basic-auth secrets. Plain values and secret references are kept apart so a secret can only
/// ever reach the platform's secret-injection field.
/// </summary>
public sealed record ContainerEnvironment(
    IReadOnlyDictionary<string, Output<string>> Variables,
    IReadOnlyDictionary<string, Output<string>> SecretArns)
{
    public static string Port { get; } = ServiceEnvironment.ContainerPort.ToString(CultureInfo.InvariantCulture);

    public static ContainerEnvironment For(StoreBinding store, AuthSecrets auth, string region)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(auth);
        var variables = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
        {
            [ServiceEnvironment.HttpPorts] = Output.Create(Port),
            [ServiceEnvironment.AwsRegion] = Output.Create(region),
        };
        var secrets = new Dictionary<string, Output<string>>(StringComparer.Ordinal)
        {
            [ServiceEnvironment.AuthUsername] = auth.UsernameArn,
            [ServiceEnvironment.AuthPassword] = auth.PasswordArn,
        };
        AddAll(variables, store.Variables);
        AddAll(secrets, store.SecretArns);
        return new ContainerEnvironment(variables, secrets);
    }

    /// <summary>Every secret the platform must be allowed to read to inject them.</summary>
    public Output<string>[] SecretArnList => [.. SecretArns.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => s.Value)];

    public static InputMap<string> ToInputMap(IEnumerable<KeyValuePair<string, Output<string>>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var map = new InputMap<string>();
        foreach (var (key, value) in entries)
        {
            map.Add(key, value);
        }

        return map;
    }

    /// <summary>Resolves every value, keeping the keys in a stable order.</summary>
    public static Output<KeyValuePair<string, string>[]> Resolve(IEnumerable<KeyValuePair<string, Output<string>>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return Output.All(entries
                .OrderBy(entry => entry.Key, StringComparer.Ordinal)
                .Select(entry => entry.Value.Apply(value => new KeyValuePair<string, string>(entry.Key, value))))
            .Apply(pairs => pairs.ToArray());
    }

    private static void AddAll(Dictionary<string, Output<string>> target, IReadOnlyDictionary<string, Output<string>> source)
    {
        foreach (var (key, value) in source)
        {
            if (!target.TryAdd(key, value))
            {
                throw new InvalidOperationException($"The store binding sets '{key}', which the compute already sets.");
            }
        }
    }
}

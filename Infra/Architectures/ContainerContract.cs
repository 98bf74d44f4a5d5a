using System.Globalization;
using Pulumi;
using Switchyard.Infra.Security;

namespace Switchyard.Infra.Architectures;

/// <summary>
/// The environment each architecture hands the container, keyed by the names in
/// <see cref="ServiceEnvironment"/>. Plain values and secret references are kept apart so a
/// secret can only ever reach the platform's secret-injection field.
/// </summary>
public static class ContainerContract
{
    public static string Port { get; } = ServiceEnvironment.ContainerPort.ToString(CultureInfo.InvariantCulture);

    /// <summary>Plain variables every store needs.</summary>
    public static Dictionary<string, Output<string>> Common(string storeKind, string region) => new(StringComparer.Ordinal)
    {
        [ServiceEnvironment.HttpPorts] = Output.Create(Port),
        [ServiceEnvironment.StoreKind] = Output.Create(storeKind),
        [ServiceEnvironment.AwsRegion] = Output.Create(region),
    };

    /// <summary>Secret references (ARNs) for the basic-auth credentials.</summary>
    public static Dictionary<string, Output<string>> AuthSecretRefs(AuthSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return new(StringComparer.Ordinal)
        {
            [ServiceEnvironment.AuthUsername] = secrets.UsernameArn,
            [ServiceEnvironment.AuthPassword] = secrets.PasswordArn,
        };
    }

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
}

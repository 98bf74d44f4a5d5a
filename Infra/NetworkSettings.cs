using Keys = Switchyard.Infra.StackSettings.Keys;

namespace Switchyard.Infra;

/// <summary>The network source and the keys it came with.</summary>
internal sealed record NetworkChoice(
    NetworkSource Source, string VpcId, IReadOnlyList<string> PublicSubnetIds, IReadOnlyList<string> PrivateSubnetIds,
    bool AddGatewayEndpoints, string NetworkStack);

/// <summary>
/// Reads <c>switchyard:network</c> and exactly the keys that source needs; any other combination
/// is one problem that lists the allowed ones.
/// </summary>
internal static class NetworkSettings
{
    private const string Combinations =
        "create (nothing else; networkOnly allowed), existing (vpcId, publicSubnetIds, privateSubnetIds, optional addGatewayEndpoints), "
        + "stack (networkStack as org/project/stack)";

    public static NetworkChoice Read(SettingsReader reader, bool networkOnly)
    {
        var source = reader.OneOf(Keys.Network, StackSettings.NetworkSources) switch
        {
            "existing" => NetworkSource.Existing,
            "stack" => NetworkSource.Stack,
            _ => NetworkSource.Create,
        };
        var choice = new NetworkChoice(source, reader.Text(Keys.VpcId).Trim(), reader.List(Keys.PublicSubnetIds),
            reader.List(Keys.PrivateSubnetIds), reader.Flag(Keys.AddGatewayEndpoints), reader.Text(Keys.NetworkStack).Trim());
        var wrong = new List<string>();
        var existing = source == NetworkSource.Existing;
        var stack = source == NetworkSource.Stack;
        if (existing != (choice.VpcId.Length > 0) || (existing && !choice.VpcId.StartsWith("vpc-", StringComparison.Ordinal)))
        {
            wrong.Add(existing ? $"{Keys.VpcId} must be a VPC id (vpc-…)" : $"{Keys.VpcId} is only for network: existing");
        }

        foreach (var (key, ids) in new[] { (Keys.PublicSubnetIds, choice.PublicSubnetIds), (Keys.PrivateSubnetIds, choice.PrivateSubnetIds) })
        {
            if (existing && (ids.Count < 2 || ids.Any(id => !id.StartsWith("subnet-", StringComparison.Ordinal))))
            {
                wrong.Add($"{key} must list at least two subnet ids (subnet-…, comma-separated) in two availability zones");
            }
            else if (!existing && ids.Count > 0)
            {
                wrong.Add($"{key} is only for network: existing");
            }
        }

        if (choice.AddGatewayEndpoints && !existing)
        {
            wrong.Add($"{Keys.AddGatewayEndpoints} is only for network: existing (a created VPC always has them)");
        }

        if (stack != (choice.NetworkStack.Length > 0) || (stack && choice.NetworkStack.Split('/').Length != 3))
        {
            wrong.Add(stack ? $"{Keys.NetworkStack} must name a stack as org/project/stack" : $"{Keys.NetworkStack} is only for network: stack");
        }

        if (networkOnly && source != NetworkSource.Create)
        {
            wrong.Add($"{Keys.NetworkOnly} needs network: create (a network-only stack is the one that creates the network)");
        }

        if (wrong.Count > 0)
        {
            reader.Problem($"{StackSettings.Namespace}:{Keys.Network} is '{reader.Text(Keys.Network)}', but {string.Join("; ", wrong)}. Allowed combinations: {Combinations}.");
        }

        return choice;
    }
}

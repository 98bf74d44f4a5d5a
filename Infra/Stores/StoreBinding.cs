using Pulumi;
using Switchyard.Infra.Operations;
using Switchyard.Infra.Security;

namespace Switchyard.Infra.Stores;

/// <summary>Lets members of a compute's security group reach a store.</summary>
/// <param name="name">Logical name for whatever resources the admission needs.</param>
/// <param name="sourceGroupId">The compute's security group.</param>
/// <param name="parent">The compute that asks, so the admission leaves with it.</param>
public delegate void AdmitGroup(string name, Output<string> sourceGroupId, Resource parent);

/// <summary>
/// Everything a compute needs to serve a store, in one small value (SST's Link): the store's
/// contract variables and secret references, keyed by <see cref="ServiceEnvironment"/> names,
/// the IAM the service's runtime role needs, and how to let the compute's network in. No compute
/// knows which store it serves; it only consumes this.
/// </summary>
public sealed record StoreBinding
{
    /// <summary>Plain contract variables, <see cref="ServiceEnvironment.StoreKind"/> included.</summary>
    public required IReadOnlyDictionary<string, Output<string>> Variables { get; init; }

    /// <summary>Secrets Manager ARNs, injected by the platform, never as plain values.</summary>
    public required IReadOnlyDictionary<string, Output<string>> SecretArns { get; init; }

    /// <summary>What the service's runtime role may do with the store.</summary>
    public required IReadOnlyList<IamGrant> Grants { get; init; }

    /// <summary>The subset of <see cref="Grants"/> that only reads: what a copy from this store needs.</summary>
    public required IReadOnlyList<IamGrant> ReadGrants { get; init; }

    /// <summary>True when the store lives inside the VPC, so the compute must route into it.</summary>
    public required bool InsideVpc { get; init; }

    public required AdmitGroup Admit { get; init; }

    /// <summary>
    /// The same store seen as the source of a store switch: every variable re-prefixed with
    /// <see cref="ServiceEnvironment.MigrationSource"/> (<c>Store__Kind</c> becomes
    /// <c>Migration__Source__Kind</c>) and only the read grants.
    /// </summary>
    public StoreBinding AsMigrationSource() => this with
    {
        Variables = Variables.ToDictionary(v => ServiceEnvironment.MigrationSource(v.Key), v => v.Value, StringComparer.Ordinal),
        SecretArns = SecretArns.ToDictionary(v => ServiceEnvironment.MigrationSource(v.Key), v => v.Value, StringComparer.Ordinal),
        Grants = ReadGrants,
    };

    /// <summary>
    /// This store as the target of a store switch (phase 1): its own contract, grants and
    /// admission, plus <paramref name="source"/>'s as <see cref="AsMigrationSource"/> gives them
    /// (re-prefixed variables and secret references, read grants only), so a compute serves both
    /// without knowing there are two. The source's admission keeps the name it had as the only
    /// store (at most one of the two lives in the VPC), so the rule that lets the compute reach it
    /// is not replaced.
    /// </summary>
    public StoreBinding CopyingFrom(StoreBinding source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var from = source.AsMigrationSource();
        var targetAdmit = Admit;
        var targetInsideVpc = InsideVpc;
        return this with
        {
            Variables = Union(Variables, from.Variables),
            SecretArns = Union(SecretArns, from.SecretArns),
            Grants = [.. Grants, .. from.Grants],
            InsideVpc = targetInsideVpc || from.InsideVpc,
            Admit = (name, sourceGroupId, parent) =>
            {
                targetAdmit(name, sourceGroupId, parent);
                from.Admit(targetInsideVpc ? $"{name}-source" : name, sourceGroupId, parent);
            },
        };
    }

    private static Dictionary<string, Output<string>> Union(IReadOnlyDictionary<string, Output<string>> first, IReadOnlyDictionary<string, Output<string>> second)
    {
        var union = new Dictionary<string, Output<string>>(first, StringComparer.Ordinal);
        foreach (var (key, value) in second)
        {
            if (!union.TryAdd(key, value))
            {
                throw new InvalidOperationException($"Both stores of a switch set '{key}'.");
            }
        }

        return union;
    }
}

/// <summary>A store component: its binding and what the stack prints about it.</summary>
public interface IStore
{
    StoreBinding Binding { get; }

    /// <summary>Stack outputs, e.g. the table name or the database endpoint.</summary>
    IReadOnlyDictionary<string, Output<string>> Outputs { get; }

    /// <summary>The store's health signals, for the stack's alarms and dashboard.</summary>
    IReadOnlyList<Watch> Watches { get; }
}

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

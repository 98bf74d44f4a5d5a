using System.Collections.ObjectModel;

namespace Switchyard.Infra;

/// <summary>What runs the service's containers.</summary>
public enum ComputeKind
{
    AppRunner,
    Fargate,
    Express,
}

/// <summary>Where the service keeps its items.</summary>
public enum StoreKind
{
    Rds,
    DynamoDb,
}

/// <summary>
/// An architecture is one compute over one store, written <c>&lt;compute&gt;-&lt;store&gt;</c>
/// (<c>express-rds</c>). Every compute serves every store, so the allowed values are the full
/// product of the two lists below.
/// </summary>
public sealed record Architecture(ComputeKind Compute, StoreKind Store)
{
    private static readonly (ComputeKind Kind, string Name)[] ComputeNames =
        [(ComputeKind.AppRunner, "apprunner"), (ComputeKind.Fargate, "fargate"), (ComputeKind.Express, "express")];

    private static readonly (StoreKind Kind, string Name)[] StoreNames = [(StoreKind.Rds, "rds"), (StoreKind.DynamoDb, "dynamodb")];

    /// <summary>Every architecture, compute-major: apprunner-rds, apprunner-dynamodb, fargate-rds, …</summary>
    public static ReadOnlyCollection<Architecture> All { get; } =
        new([.. ComputeNames.SelectMany(c => StoreNames.Select(s => new Architecture(c.Kind, s.Kind)))]);

    public static ReadOnlyCollection<string> Names { get; } = new([.. All.Select(a => a.Name)]);

    /// <summary>The stores' names, as an architecture writes them: rds, dynamodb.</summary>
    public static ReadOnlyCollection<string> Stores { get; } = new([.. StoreNames.Select(s => s.Name)]);

    public string Name => $"{ComputeNames.Single(c => c.Kind == Compute).Name}-{StoreName(Store)}";

    public static string StoreName(StoreKind store) => StoreNames.Single(s => s.Kind == store).Name;

    public static StoreKind StoreFromName(string name) =>
        StoreNames.Where(s => s.Name == name).Select(s => (StoreKind?)s.Kind).SingleOrDefault()
        ?? throw new ArgumentException($"Unknown store '{name}'.", nameof(name));

    public static Architecture FromName(string name) =>
        All.SingleOrDefault(a => a.Name == name) ?? throw new ArgumentException($"Unknown architecture '{name}'.", nameof(name));

    public override string ToString() => Name;

    /// <summary>
    /// How many times <c>maxInstances</c> can run at once while a deployment replaces them: App
    /// Runner starts the new instances before it stops the old ones, and both ECS services (a
    /// rolling deployment at 200 % maximum, Express Mode's canary) run a full new set beside the old.
    /// </summary>
    public static int DeploymentOverlap(ComputeKind compute) => compute switch
    {
        ComputeKind.AppRunner => 2,
        ComputeKind.Fargate => 2,
        ComputeKind.Express => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(compute), compute, null),
    };
}

namespace Switchyard.Infra.Tests;

/// <summary>The fixture cases: every architecture (or a slice of them) on both committed stacks.</summary>
public static class Architectures
{
    public static readonly string[] Stacks = ["dev", "prod"];

    public static IEnumerable<TestFixtureData> All() => Cases(_ => true);

    public static IEnumerable<TestFixtureData> OverRds() => Cases(a => a.Store == StoreKind.Rds);

    public static IEnumerable<TestFixtureData> OverDynamoDb() => Cases(a => a.Store == StoreKind.DynamoDb);

    public static IEnumerable<TestFixtureData> OnEcs() => Cases(a => a.Compute != ComputeKind.AppRunner);

    public static IEnumerable<TestFixtureData> Of(ComputeKind compute) => Cases(a => a.Compute == compute);

    public static IEnumerable<TestFixtureData> AppRunner() => Of(ComputeKind.AppRunner);

    public static IEnumerable<TestFixtureData> Fargate() => Of(ComputeKind.Fargate);

    public static IEnumerable<TestFixtureData> Express() => Of(ComputeKind.Express);

    private static IEnumerable<TestFixtureData> Cases(Func<Architecture, bool> include) =>
        from architecture in Architecture.All
        where include(architecture)
        from stack in Stacks
        select new TestFixtureData(architecture.Name, stack);
}

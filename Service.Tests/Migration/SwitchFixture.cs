using Switchyard.Items;
using Switchyard.Tests.Infrastructure;

namespace Switchyard.Tests.Migration;

/// <summary>
/// A source store of <c>sourceKind</c> seeded once with <see cref="Count"/> items for the whole
/// fixture, and a fresh, empty target store of <c>targetKind</c> for every test.
/// </summary>
public abstract class SwitchFixture(string sourceKind, string targetKind)
{
    protected const int Count = 10_000;

    protected string SourceKind { get; } = sourceKind;

    protected string TargetKind { get; } = targetKind;

    protected IsolatedStore Source { get; private set; } = null!;

    protected IsolatedStore Target { get; private set; } = null!;

    protected List<Item> Items { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task SeedSource()
    {
        Items = MigrationItems.Make(Count);
        Source = await StoreBackend.CreateAsync(SourceKind);
        await MigrationItems.SeedAsync(Source, Items);
    }

    [OneTimeTearDown]
    public async Task DropSource() => await Source.DisposeAsync();

    [SetUp]
    public async Task CreateTarget() => Target = await StoreBackend.CreateAsync(TargetKind);

    [TearDown]
    public async Task DropTarget() => await Target.DisposeAsync();
}

using System.Diagnostics;
using Switchyard.Migration;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Migration;

/// <summary>
/// The copy engine between the two real stores, both ways, on 10,000 items: every field preserved,
/// put-if-absent on every rerun, restart and concurrent copy. Prints the copy's throughput.
/// </summary>
[TestFixture(StoreKinds.Postgres, StoreKinds.DynamoDb)]
[TestFixture(StoreKinds.DynamoDb, StoreKinds.Postgres)]
[NonParallelizable]
public sealed class ItemCopierTests(string sourceKind, string targetKind) : SwitchFixture(sourceKind, targetKind)
{
    private static CancellationToken None => CancellationToken.None;

    [Test]
    public async Task A_copy_of_10000Items_preserves_every_field_and_a_second_run_copies_nothing()
    {
        var watch = Stopwatch.StartNew();
        var first = await CopyAsync();
        var seconds = watch.Elapsed.TotalSeconds;
        var second = await CopyAsync();

        TestContext.Out.WriteLine($"[copy {SourceKind} -> {TargetKind}] {Count} items in {seconds:F2} s: {Count / seconds:F0} items/s");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first, Is.EqualTo(new CopyProgress(Count, 0)), "the first run copies every item");
            Assert.That(second, Is.EqualTo(new CopyProgress(0, Count)), "the second run finds every item there");
            await MigrationItems.AssertHoldsExactlyAsync(Target, Items);
        }
    }

    [Test]
    public async Task A_copy_stopped_part_way_and_restarted_holds_every_item_exactly_once()
    {
        using var stop = new CancellationTokenSource();
        var stoppedAfter = 0L;
        Assert.That(async () => await ItemCopier.CopyAsync(ItemCopier.ReadAllAsync(Source.Store, cancellationToken: stop.Token), Target.Import, progress =>
        {
            stoppedAfter = progress.Copied;
            if (progress.Copied >= Count / 3)
            {
                stop.Cancel();
            }
        }, stop.Token), Throws.InstanceOf<OperationCanceledException>());
        var partial = (await MigrationItems.ReadAllAsync(Target)).Count;

        var resumed = await CopyAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(partial, Is.EqualTo(stoppedAfter).And.LessThan(Count), "the stopped copy wrote part of the items");
            Assert.That(resumed, Is.EqualTo(new CopyProgress(Count - partial, partial)), "the restart copies exactly the rest");
            await MigrationItems.AssertHoldsExactlyAsync(Target, Items);
        }
    }

    [Test]
    public async Task Three_copies_at_once_write_each_item_once()
    {
        var copies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(CopyAsync)));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copies.Sum(copy => copy.Copied), Is.EqualTo(Count), "each item written by exactly one copy");
            Assert.That(copies.Select(copy => copy.Seen), Is.All.EqualTo(Count), "each copy saw every item");
            await MigrationItems.AssertHoldsExactlyAsync(Target, Items);
        }
    }

    [Test]
    public async Task An_item_theTarget_holds_already_is_left_as_it_is()
    {
        var original = Items[42];
        var held = original with { Name = "changed in the target", Notes = null, Version = original.Version + 5 };
        await Target.Import.PutIfAbsentAsync([held], None);

        var copy = await CopyAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(copy, Is.EqualTo(new CopyProgress(Count - 1, 1)));
            Assert.That(await Target.Store.GetAsync(original.Id, None), Is.EqualTo(held), "the target's item is not overwritten");
        }
    }

    private Task<CopyProgress> CopyAsync() =>
        ItemCopier.CopyAsync(ItemCopier.ReadAllAsync(Source.Store), Target.Import, null, None);
}

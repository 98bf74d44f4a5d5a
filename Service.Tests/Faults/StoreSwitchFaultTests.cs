using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Switchyard.Tests.Infrastructure;
using Switchyard.Tests.Migration;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// The store switch as deployments run it, with the published service as real processes on
/// 10,000 items, both ways: instances starting together copy each item once, and a copier killed
/// half-way is resumed by another instance once its lease expires, again each item once.
/// </summary>
[TestFixture(StoreKinds.Postgres, StoreKinds.DynamoDb)]
[TestFixture(StoreKinds.DynamoDb, StoreKinds.Postgres)]
[Category("Faults")]
[NonParallelizable]
public sealed partial class StoreSwitchFaultTests(string sourceKind, string targetKind) : SwitchFixture(sourceKind, targetKind)
{
    [Test]
    public async Task Three_instances_started_together_copy_each_item_once()
    {
        var environment = MigrationItems.SwitchEnvironment(Source, Target);
        var instances = new List<PublishedService>();
        try
        {
            for (var n = 0; n < 3; n++)
            {
                instances.Add(await PublishedService.StartAsync(environment, readyPath: null));
            }

            await Task.WhenAll(instances.Select(instance => WaitUntilCompleteAsync(instance, TimeSpan.FromSeconds(180))));
            var copiedByInstance = instances.Select(CopiedLogged).ToList();
            var copiers = instances.Count(instance => instance.OutputLines.Any(line => line.Contains("copying every item", StringComparison.Ordinal)));
            Figures.Print($"{SourceKind} -> {TargetKind}: items copied per instance {string.Join(", ", copiedByInstance)}; instances that copied: {copiers}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(copiedByInstance.Sum(), Is.EqualTo(Count), "every item written exactly once, by whichever instance copied it");
                await MigrationItems.AssertHoldsExactlyAsync(Target, Items);
                await MigrationItems.AssertHoldsExactlyAsync(Source, Items);
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                await instance.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_copier_killed_part_way_is_resumed_by_another_instance_and_every_item_is_copied_once()
    {
        // Small batches keep the copy going long enough to kill it half-way; a short lease lets the next instance resume soon.
        var environment = MigrationItems.SwitchEnvironment(Source, Target, leaseSeconds: 3, batchSize: 50);
        await using (var first = await PublishedService.StartAsync(environment))
        {
            await WaitUntilCopiedAsync(first, Count / 5, TimeSpan.FromSeconds(120));
            first.Kill();
        }

        // Writes in flight when the process died have landed or never will.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var atKill = (await MigrationItems.ReadAllAsync(Target)).Count;
        await using var second = await PublishedService.StartAsync(environment);
        await WaitUntilCompleteAsync(second, TimeSpan.FromSeconds(180));
        Figures.Print($"{SourceKind} -> {TargetKind}: {atKill} items in the target when the first copier was killed; the second copied {CopiedLogged(second)}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(atKill, Is.GreaterThan(0).And.LessThan(Count), "the first copier was killed part-way");
            Assert.That(CopiedLogged(second), Is.EqualTo(Count - atKill), "the second copies exactly what the first had not");
            await MigrationItems.AssertHoldsExactlyAsync(Target, Items);
        }
    }

    [Test]
    public async Task A_copier_stopped_with_SIGTERM_releases_its_lease_and_the_next_instance_completes_the_copy()
    {
        var environment = MigrationItems.SwitchEnvironment(Source, Target, batchSize: 50);
        await using (var first = await PublishedService.StartAsync(environment))
        {
            await WaitUntilCopiedAsync(first, Count / 5, TimeSpan.FromSeconds(120));
            await first.TerminateAsync();
            Assert.That(await first.WaitForExitAsync(TimeSpan.FromSeconds(20)), Is.True, first.Tail());
        }

        var released = await Target.Ledger.ReadAsync(SourceDescription(), CancellationToken.None);
        var atStop = (await MigrationItems.ReadAllAsync(Target)).Count;
        await using var second = await PublishedService.StartAsync(environment);
        await WaitUntilCompleteAsync(second, TimeSpan.FromSeconds(180));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(released?.IsComplete, Is.False, "the copy was stopped part-way");
            Assert.That(released?.LeaseExpiresAt, Is.LessThanOrEqualTo(DateTimeOffset.UtcNow), "the lease was given up, not left to run its 30 s");
            Assert.That(CopiedLogged(second), Is.EqualTo(Count - atStop), "the second copies exactly what the first had not");
            await MigrationItems.AssertHoldsExactlyAsync(Target, Items);
        }
    }

    /// <summary>How the service names its source in the ledger.</summary>
    private string SourceDescription() => MigrationItems.LedgerName(Source, SourceKind);

    private static async Task WaitUntilCopiedAsync(PublishedService instance, long copied, TimeSpan timeout)
    {
        using var client = FaultHttp.AnonymousClient(instance);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            using var ready = await client.GetAsync("/readyz");
            var body = await ready.Content.ReadAsStringAsync();
            if (ready.StatusCode == HttpStatusCode.OK && body.StartsWith('{')
                && JsonDocument.Parse(body).RootElement.GetProperty("copied").GetInt64() >= copied)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"{copied} items were not copied within {timeout.TotalSeconds} s:\n{instance.Tail()}");
    }

    private static async Task WaitUntilCompleteAsync(PublishedService instance, TimeSpan timeout)
    {
        using var client = FaultHttp.AnonymousClient(instance);
        await MigrationItems.WaitUntilSwitchedAsync(client, timeout, () => instance.Tail());
    }

    /// <summary>What the instance's log says it copied (0 when it did not copy).</summary>
    private static long CopiedLogged(PublishedService instance) => instance.OutputLines
        .Select(line => CopiedLine().Match(line))
        .Where(match => match.Success)
        .Sum(match => long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"copy complete, (\d+) items copied")]
    private static partial Regex CopiedLine();
}

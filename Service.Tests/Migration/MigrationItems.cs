using System.Text;
using Switchyard.Items;
using Switchyard.Migration;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Migration;

/// <summary>What the migration tests share: items worth copying, a whole store read back, and a source store's variables.</summary>
internal static class MigrationItems
{
    /// <summary>A mix of scripts, an emoji (a surrogate pair) and markup characters.</summary>
    private const string Unicode = "Zürich · 東京 · Ελλάδα · עברית · 🚀 <b>&amp;</b> \"quoted\" \\ ";

    /// <summary>
    /// <paramref name="count"/> items as the stores hold them: distinct versions and timestamps, every
    /// tenth with a name and notes of the maximum length, every third without notes, all with non-ASCII text.
    /// </summary>
    public static List<Item> Make(int count)
    {
        var start = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(0, count).Select(n =>
        {
            var created = start.AddTicks(n * 12_345_670L);
            var longest = n % 10 == 0;
            var name = longest ? Fill($"#{n} {Unicode}", ItemLimits.MaxNameLength) : $"item {n} {Unicode}";
            var notes = n % 3 == 0 ? null : longest ? Fill($"notes {n}\nline two\t{Unicode}", ItemLimits.MaxNotesLength) : $"notes for {n}: {Unicode}";
            return new Item(ItemId.New(), name, notes, 1 + n % 7, created, created.AddMinutes(n % 11));
        }).ToList();
    }

    /// <summary>Stores <paramref name="items"/> in bulk through the put-if-absent path.</summary>
    public static async Task SeedAsync(IsolatedStore store, IReadOnlyList<Item> items)
    {
        foreach (var batch in items.Chunk(ItemCopier.DefaultBatchSize))
        {
            var written = await store.Import.PutIfAbsentAsync(batch, CancellationToken.None);
            Assert.That(written, Is.EqualTo(batch.Length), "Seeding writes every item.");
        }
    }

    /// <summary>Every item of the store, by id; fails on an id listed twice.</summary>
    public static async Task<Dictionary<string, Item>> ReadAllAsync(IsolatedStore store)
    {
        var all = new Dictionary<string, Item>();
        await foreach (var batch in ItemCopier.ReadAllAsync(store.Store))
        {
            foreach (var item in batch)
            {
                Assert.That(all.TryAdd(item.Id, item), Is.True, $"{item.Id} is listed once");
            }
        }

        return all;
    }

    /// <summary>Asserts that the store holds exactly <paramref name="expected"/>, every field equal.</summary>
    public static async Task AssertHoldsExactlyAsync(IsolatedStore store, IReadOnlyCollection<Item> expected)
    {
        var stored = await ReadAllAsync(store);
        Assert.That(stored, Has.Count.EqualTo(expected.Count), "as many items as expected");
        var different = expected.Where(item => !stored.TryGetValue(item.Id, out var copy) || copy != item).Take(3).ToList();
        Assert.That(different, Is.Empty, "every item stored with every field equal (first differences shown)");
    }

    /// <summary>The store's variables in their source form (<c>Migration__Source__…</c>), for a service switching from it.</summary>
    public static Dictionary<string, string> AsSource(IsolatedStore source) => source.Environment
        .Where(variable => variable.Key.StartsWith("Store__", StringComparison.Ordinal))
        .ToDictionary(variable => MigrationSource(variable.Key), variable => variable.Value);

    /// <summary>A service on <paramref name="target"/> switching from <paramref name="source"/>.</summary>
    public static Dictionary<string, string> SwitchEnvironment(IsolatedStore source, IsolatedStore target, int pollSeconds = 1, int? leaseSeconds = null, int? batchSize = null)
    {
        var environment = new Dictionary<string, string>(target.Environment);
        foreach (var (name, value) in AsSource(source))
        {
            environment[name] = value;
        }

        foreach (var (name, value) in source.Environment.Where(variable => !variable.Key.StartsWith("Store__", StringComparison.Ordinal)))
        {
            environment.TryAdd(name, value);
        }

        environment["Migration__PollSeconds"] = pollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Migration__SettleSeconds"] = "0";
        if (leaseSeconds is { } lease)
        {
            environment["Migration__LeaseSeconds"] = lease.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (batchSize is { } size)
        {
            environment["Migration__BatchSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return environment;
    }

    /// <summary>How the service names a source store in the store switch's ledger.</summary>
    public static string LedgerName(IsolatedStore source, string kind) => kind == StoreKinds.Postgres
        ? $"PostgreSQL {source.Environment[PostgresHost]}:{source.Environment[PostgresPort]}/{source.Environment[PostgresDatabase]}"
        : $"DynamoDB table {source.Environment[DynamoDbTableName]}";

    /// <summary>Polls <c>/readyz</c> until it answers <c>ready</c>: the instance has learnt that the copy is complete.</summary>
    public static async Task WaitUntilSwitchedAsync(HttpClient client, TimeSpan timeout, Func<string>? context = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var ready = await client.GetAsync("/readyz");
                if (ready.StatusCode == System.Net.HttpStatusCode.OK && await ready.Content.ReadAsStringAsync() == "ready")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        Assert.Fail($"The copy did not complete within {timeout.TotalSeconds} s.\n{context?.Invoke()}");
    }

    private static string Fill(string text, int length)
    {
        var filled = new StringBuilder(length);
        while (filled.Length < length)
        {
            filled.Append(text);
        }

        // Never end on half of a surrogate pair.
        var cut = char.IsHighSurrogate(filled[length - 1]) ? length - 1 : length;
        return filled.ToString(0, cut).PadRight(length, 'x');
    }
}

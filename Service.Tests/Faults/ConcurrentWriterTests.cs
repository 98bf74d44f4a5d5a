using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// Many writers at once through HTTP, against the published service (real Kestrel, real
/// sockets on 127.0.0.1): no create lost or doubled, and optimistic concurrency lets exactly
/// one of many updates with the same ETag win.
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Faults")]
[NonParallelizable]
public sealed class ConcurrentWriterTests(string kind) : PublishedServiceFixture(kind)
{
    private const int Writers = 32;
    private const int CreatesPerWriter = 500;
    private const int Rounds = 10;

    [Test]
    public async Task Thirty_two_writers_creating_500_items_each_leave_exactly_16000_distinct_items_each_listed_once()
    {
        // The fixture's other test may have left an item behind: the listing must hold exactly those and the new ones.
        var preexisting = await FaultHttp.ListAllIdsAsync(Client);
        var statuses = new ConcurrentDictionary<HttpStatusCode, int>();
        var ids = new ConcurrentBag<string>();
        var creates = new Bound(Writers * CreatesPerWriter, TimeSpan.FromMinutes(3));
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var n = 0; n < CreatesPerWriter && creates.Next(); n++)
            {
                var (status, id) = await FaultHttp.CreateAsync(Client, $"writer {writer} item {n}");
                statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
                if (id is not null)
                {
                    ids.Add(id);
                }
            }
        })));
        var writing = watch.Elapsed;

        watch.Restart();
        var listed = await FaultHttp.ListAllIdsAsync(Client, pageSize: 100, maxPages: 1_000);
        var listing = watch.Elapsed;
        var distinctListed = listed.Distinct(StringComparer.Ordinal).Count();

        Figures.Print($"{Writers} writers × {CreatesPerWriter} creates in {writing.TotalSeconds:F1} s ({ids.Count / writing.TotalSeconds:F0} creates/s); " +
            $"statuses {string.Join(", ", statuses.Select(s => $"{(int)s.Key}×{s.Value}"))}");
        Figures.Print($"full listing, pages of 100: {listed.Count} ids, {distinctListed} distinct, {preexisting.Count} of them there before, in {Math.Ceiling(listed.Count / 100.0)} pages, {listing.TotalSeconds:F1} s");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(statuses.Keys, Is.EquivalentTo(new[] { HttpStatusCode.Created }), "Every create answers 201.");
            Assert.That(ids, Has.Count.EqualTo(Writers * CreatesPerWriter), "Exactly 16,000 creates were acknowledged.");
            Assert.That(ids.Distinct(StringComparer.Ordinal).Count(), Is.EqualTo(Writers * CreatesPerWriter), "Every id is distinct.");
            Assert.That(listed, Has.Count.EqualTo(preexisting.Count + (Writers * CreatesPerWriter)), "The listing returns exactly the 16,000 new items besides what was there.");
            Assert.That(listed, Is.EquivalentTo(preexisting.Concat(ids)), "The listing returns each item exactly once.");
        }
    }

    [Test]
    public async Task Thirty_two_updates_with_the_same_etag_let_exactly_one_win()
    {
        var (created, id) = await FaultHttp.CreateAsync(Client, "contended");
        Assert.That(created, Is.EqualTo(HttpStatusCode.Created));
        var perRound = new List<string>();
        for (var round = 0; round < Rounds; round++)
        {
            var start = await VersionAsync(id!);
            using var gate = new SemaphoreSlim(0, Writers);
            var updates = Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
            {
                await gate.WaitAsync(TimeSpan.FromSeconds(30));
                using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/items/{id}")
                {
                    Content = FaultHttp.Json(FaultHttp.ItemJson($"round {round} writer {writer}")),
                };
                request.Headers.TryAddWithoutValidation("If-Match", $"\"{start}\"");
                using var response = await Client.SendAsync(request);
                return (Writer: writer, response.StatusCode, Problem: FaultHttp.IsProblem(response));
            })).ToList();
            gate.Release(Writers);
            var results = await Task.WhenAll(updates);

            var winners = results.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var stale = results.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed && r.Problem);
            var (final, name) = await ItemAsync(id!);
            perRound.Add($"{winners.Count}×200/{stale}×412 v{start}→v{final}");

            using (Assert.EnterMultipleScope())
            {
                Assert.That(winners, Has.Count.EqualTo(1), $"Round {round}: exactly one update with If-Match \"{start}\" wins.");
                Assert.That(stale, Is.EqualTo(Writers - 1), $"Round {round}: the other {Writers - 1} answer 412 ProblemDetails.");
                Assert.That(final, Is.EqualTo(start + 1), $"Round {round}: the version grew by exactly one.");
                Assert.That(name, Is.EqualTo(winners.Count == 1 ? $"round {round} writer {winners[0].Writer}" : null), $"Round {round}: the item holds the winner's write.");
            }
        }

        Figures.Print($"{Rounds} rounds of {Writers} concurrent PUTs with one If-Match: {string.Join("; ", perRound)}");
    }

    private async Task<long> VersionAsync(string id) => (await ItemAsync(id)).Version;

    private async Task<(long Version, string? Name)> ItemAsync(string id)
    {
        using var response = await Client.GetAsync($"/api/items/{id}");
        response.EnsureSuccessStatusCode();
        using var item = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (item.RootElement.GetProperty("version").GetInt64(), item.RootElement.GetProperty("name").GetString());
    }
}

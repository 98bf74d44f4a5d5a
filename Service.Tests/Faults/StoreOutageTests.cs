using System.Collections.Concurrent;
using System.Net;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// A steady request loop against the published service while its store crashes and comes
/// back: fast 503s while it is down, liveness untouched, recovery without a restart of the
/// service, and no acknowledged write lost.
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Faults")]
[NonParallelizable]
public sealed class StoreOutageTests(string kind)
{
    private const int Workers = 4;
    private static readonly TimeSpan AnswerWhileDown = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Steady = TimeSpan.FromSeconds(1.5);
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Test]
    public async Task A_crashed_store_gets_fast_503s_and_the_service_recovers_by_itself_without_losing_acknowledged_writes()
    {
        await using var store = await CrashableStore.StartAsync(kind);
        await using var service = await PublishedService.StartAsync(store.Isolated.Environment);
        using var client = FaultHttp.AuthorizedClient(service);
        using var anonymous = FaultHttp.AnonymousClient(service);
        var log = new RequestLog();
        var probes = new RequestLog();
        var acknowledged = new ConcurrentQueue<string>();
        using var stopLoad = new CancellationTokenSource();
        var load = new Bound(20_000, TimeSpan.FromSeconds(90));
        var loadWorkers = Enumerable.Range(0, Workers).Select(worker => RunLoadAsync(client, log, load, acknowledged, worker, stopLoad.Token)).ToArray();

        await Task.Delay(Steady);
        var crashBegan = log.Clock.Elapsed;
        await store.CrashAsync();
        var down = log.Clock.Elapsed;

        for (var bound = new Bound(100, Outage); bound.Next();)
        {
            await probes.GetAsync(anonymous, "/healthz", "/healthz");
            await probes.GetAsync(anonymous, "/readyz", "/readyz");
            await Task.Delay(100);
        }

        var restartBegan = log.Clock.Elapsed;
        await store.RestartAsync();
        var storeBack = log.Clock.Elapsed;

        TimeSpan? recovered = null;
        for (var bound = new Bound(1_000, Recovery + TimeSpan.FromSeconds(5)); recovered is null && bound.Next();)
        {
            var readiness = await probes.GetAsync(anonymous, "/readyz (recovery)", "/readyz");
            var write = await probes.CreateAsync(client, "recovery probe");
            if (write.Id is { } id)
            {
                acknowledged.Enqueue(id);
            }

            if (readiness.IsSuccess && write.IsSuccess)
            {
                recovered = write.End;
            }
            else
            {
                await Task.Delay(20);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var loadStopped = log.Clock.Elapsed;
        await stopLoad.CancelAsync();
        await Task.WhenAll(loadWorkers);

        var samples = log.Samples;
        var before = samples.Where(s => s.End < crashBegan).ToList();
        var crashing = samples.Where(s => s.End >= crashBegan && s.Start < down).ToList();
        var whileDown = samples.Where(s => s.Start >= down && s.Start < restartBegan).ToList();
        var restarting = samples.Where(s => s.Start >= restartBegan && s.Start < (recovered ?? loadStopped)).ToList();
        var after = samples.Where(s => recovered is { } r && s.Start >= r).ToList();
        var healthz = probes.Samples.Where(s => s.Route == "/healthz").ToList();
        var readyz = probes.Samples.Where(s => s.Route == "/readyz").ToList();
        var unreadable = await UnreadableAsync(client, [.. acknowledged]);

        Figures.Print($"store crash took {(down - crashBegan).TotalMilliseconds:F0} ms, down for {(restartBegan - down).TotalSeconds:F1} s, restart took {(storeBack - restartBegan).TotalSeconds:F1} s");
        Figures.Print($"before the crash: {RequestLog.Summary(before)}");
        Figures.Print($"during the crash: {RequestLog.Summary(crashing)}");
        Figures.Print($"while down: {RequestLog.Summary(whileDown)}");
        Figures.Print($"while down, /healthz: {RequestLog.Summary(healthz)}; /readyz: {RequestLog.Summary(readyz)}");
        Figures.Print($"restarting: {RequestLog.Summary(restarting)}");
        foreach (var slow in restarting.Where(s => s.Duration > AnswerWhileDown).OrderByDescending(s => s.Duration).Take(3))
        {
            // A starting store may accept connections before it answers: then the store's own timeouts bound the wait, not the 2 s.
            Figures.Print($"slow while the store was starting: {slow} (restart began at {restartBegan.TotalSeconds:F3} s, store answered at {storeBack.TotalSeconds:F3} s)");
        }
        Figures.Print($"service served again {((recovered ?? loadStopped) - storeBack).TotalMilliseconds:F0} ms after the store accepted connections (bound {Recovery.TotalSeconds} s)");
        Figures.Print($"after recovery: {RequestLog.Summary(after)}");
        Figures.Print($"acknowledged writes: {acknowledged.Count}, unreadable afterwards: {unreadable.Count}");
        foreach (var line in service.OutputLines.Where(l => l.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal)).Take(3))
        {
            Figures.Print("service error log: " + line);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(before, Is.Not.Empty.And.All.Matches<Sample>(s => s.IsSuccess), "Before the crash every request succeeds.");
            Assert.That(crashing.Concat(restarting).Where(s => !s.IsSuccess && !IsFast503(s, TimeSpan.MaxValue)).ToList(), Is.Empty,
                "In flight at the crash and during the restart every answer is a success or a 503 ProblemDetails with Retry-After.");
            Assert.That(whileDown, Has.Count.GreaterThan(10), "The loop kept sending while the store was down.");
            Assert.That(whileDown.Where(s => !IsFast503(s, AnswerWhileDown) && !(s.IsSuccess && s.End > restartBegan)).ToList(), Is.Empty,
                $"While the store is down every request answers 503 ProblemDetails with Retry-After within {AnswerWhileDown.TotalSeconds} s.");
            Assert.That(healthz, Is.Not.Empty.And.All.Matches<Sample>(s => s.Status == 200), "/healthz stays 200 while the store is down.");
            Assert.That(readyz, Is.Not.Empty.And.All.Matches<Sample>(s => s.Status == 503 && s.IsProblem), "/readyz answers 503 ProblemDetails while the store is down.");
            Assert.That(recovered, Is.Not.Null, "The service served again.");
            Assert.That((recovered ?? loadStopped) - storeBack, Is.LessThanOrEqualTo(Recovery),
                "The service serves again within 5 s of the store coming back, with no restart of its own.");
            Assert.That(service.HasExited, Is.False, "The service process was never restarted.");
            Assert.That(after, Is.Not.Empty.And.All.Matches<Sample>(s => s.IsSuccess), "Once recovered, every request succeeds.");
            Assert.That(unreadable, Is.Empty, "Every write acknowledged before or after the outage is readable afterwards.");
        }
    }

    private static bool IsFast503(Sample sample, TimeSpan bound) =>
        sample.Status == (int)HttpStatusCode.ServiceUnavailable && sample.IsProblem && sample.HasRetryAfter && sample.Duration <= bound;

    /// <summary>Creates, lists and reads back, in a loop, as a steady client would.</summary>
    private static async Task RunLoadAsync(HttpClient client, RequestLog log, Bound bound, ConcurrentQueue<string> acknowledged, int worker, CancellationToken stop)
    {
        var round = 0;
        string? lastId = null;
        while (!stop.IsCancellationRequested && bound.Next())
        {
            var created = await log.CreateAsync(client, $"outage {worker}-{round++}");
            if (created.Id is { } id)
            {
                acknowledged.Enqueue(id);
                lastId = id;
            }

            await log.GetAsync(client, "GET /api/items", "/api/items?limit=20");
            if (lastId is not null)
            {
                await log.GetAsync(client, "GET /api/items/{id}", $"/api/items/{lastId}");
            }

            await Task.Delay(10, CancellationToken.None);
        }
    }

    private static async Task<List<string>> UnreadableAsync(HttpClient client, IReadOnlyList<string> ids)
    {
        var unreadable = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, cancellationToken) =>
        {
            using var response = await client.GetAsync($"/api/items/{id}", cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                unreadable.Add($"{id}: {(int)response.StatusCode}");
            }
        });
        return [.. unreadable];
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Switchyard.Tests.Infrastructure;
using static Switchyard.ServiceEnvironment;

namespace Switchyard.Tests.Faults;

/// <summary>
/// SIGTERM, as ECS and App Runner send it, to the published service while 32 clients keep
/// slow uploads going: what was accepted completes, new connections are refused, the process
/// exits 0 well inside the platform's stop timeout.
/// </summary>
[TestFixture(StoreKinds.Postgres)]
[TestFixture(StoreKinds.DynamoDb)]
[Category("Faults")]
[NonParallelizable]
public sealed class ShutdownTests(string kind)
{
    private const int Clients = 32;

    /// <summary>The service's default <c>Shutdown:TimeoutSeconds</c>; ECS stops a task with SIGKILL 30 s after SIGTERM.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);

    /// <summary>A request whose upload began this long before SIGTERM has certainly reached the server: it was accepted.</summary>
    private static readonly TimeSpan AcceptedMargin = TimeSpan.FromMilliseconds(250);

    /// <summary>Each create uploads its body in 8 parts 150 ms apart (about 1 s): every client has a request in flight nearly all the time.</summary>
    private static readonly TimeSpan UploadPause = TimeSpan.FromMilliseconds(150);

    [Test]
    public async Task Sigterm_under_load_completes_accepted_requests_refuses_new_connections_and_exits_0()
    {
        await using var store = await StoreBackend.CreateAsync(kind);
        await using var service = await PublishedService.StartAsync(store.Environment);
        using var client = FaultHttp.AuthorizedClient(service, TimeSpan.FromSeconds(40));
        var log = new RequestLog();
        var sigterm = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var rounds = new Bound(Clients * 100, TimeSpan.FromSeconds(60));
        var clients = Enumerable.Range(0, Clients).Select(n => RunClientAsync(client, log, rounds, n, sigterm.Task)).ToArray();

        // Let every client get going (staggered over about 1 s), then stop the service mid-flight.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var sigtermAt = log.Clock.Elapsed;
        await service.TerminateAsync();
        sigterm.SetResult(sigtermAt);

        var refusedAt = await WaitForRefusalAsync(service, log);
        var exited = await service.WaitForExitAsync(TimeSpan.FromSeconds(35));
        var exitedAt = log.Clock.Elapsed;
        await Task.WhenAll(clients);

        var samples = log.Samples;
        var accepted = samples.Where(s => s.Start <= sigtermAt - AcceptedMargin).ToList();
        var inFlight = accepted.Where(s => s.End > sigtermAt).ToList();
        var inFlightAtRefusal = accepted.Count(s => refusedAt is { } at && s.End > at);
        var racing = samples.Where(s => s.Start > sigtermAt - AcceptedMargin).ToList();
        var answered = samples.Where(s => s.Status != 0).ToList();
        var unreadable = new List<string>();
        foreach (var id in samples.Where(s => s.Id is not null).Select(s => s.Id!))
        {
            if (await store.Store.GetAsync(id, CancellationToken.None) is null)
            {
                unreadable.Add(id);
            }
        }

        Figures.Print($"{Clients} clients, each create uploading its body over {UploadPause.TotalMilliseconds * 7:F0} ms");
        Figures.Print($"accepted before SIGTERM: {RequestLog.Summary(accepted)}");
        Figures.Print($"of those in flight at SIGTERM: {inFlight.Count}, finished {(inFlight.Count > 0 ? inFlight.Max(s => s.End) - sigtermAt : TimeSpan.Zero).TotalMilliseconds:F0} ms after it");
        Figures.Print($"sent within {AcceptedMargin.TotalMilliseconds} ms before SIGTERM or after it: {RequestLog.Summary(racing)}");
        Figures.Print($"new connections refused {(refusedAt - sigtermAt)?.TotalMilliseconds:F0} ms after SIGTERM, with {inFlightAtRefusal} accepted requests still in flight");
        Figures.Print($"process exited {(exited ? $"with code {service.ExitCode}" : "not at all")} {(exitedAt - sigtermAt).TotalSeconds:F2} s after SIGTERM (shutdown timeout {ShutdownTimeout.TotalSeconds} s, ECS stop timeout 30 s)");
        Figures.Print($"acknowledged creates: {samples.Count(s => s.Id is not null)}, unreadable in the store afterwards: {unreadable.Count}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(inFlight, Has.Count.GreaterThanOrEqualTo(Clients / 2), "Many accepted requests were in flight at SIGTERM.");
            Assert.That(accepted.Where(s => s.Status != (int)HttpStatusCode.Created).ToList(), Is.Empty,
                "Every request accepted before SIGTERM completes with 201.");
            Assert.That(answered.Where(s => s.Status != (int)HttpStatusCode.Created).ToList(), Is.Empty,
                "Every request that got an answer at all got 201: shutdown never answers with an error.");
            Assert.That(refusedAt, Is.Not.Null, "New connections are refused after SIGTERM.");
            Assert.That(inFlightAtRefusal, Is.GreaterThan(0), "New connections are refused while accepted requests are still finishing.");
            Assert.That(exited, Is.True, "The process exits after SIGTERM.");
            Assert.That(exited ? service.ExitCode : -1, Is.Zero, "The process exits with code 0.");
            Assert.That(exitedAt - sigtermAt, Is.LessThan(ShutdownTimeout), "The process exits within its shutdown timeout, below ECS's 30 s.");
            Assert.That(unreadable, Is.Empty, "Every acknowledged create is in the store.");
        }
    }

    /// <summary>Creates items with slow uploads until the service goes away (a request gets no answer) or the bound ends.</summary>
    private static async Task RunClientAsync(HttpClient client, RequestLog log, Bound rounds, int number, Task<TimeSpan> sigterm)
    {
        await Task.Delay(number * 35);
        for (var round = 0; rounds.Next(); round++)
        {
            var body = FaultHttp.ItemJson($"shutdown {number}-{round}", new string('n', 1_500));
            var sample = await log.SendAsync(client, "POST /api/items (slow upload)",
                () => new HttpRequestMessage(HttpMethod.Post, "/api/items") { Content = new TrickledJsonContent(body, 8, UploadPause) });
            if (sample.Status == 0 || (sigterm.IsCompleted && log.Clock.Elapsed - await sigterm > TimeSpan.FromSeconds(10)))
            {
                return;
            }
        }
    }

    /// <summary>Opens fresh TCP connections until one is refused; returns when that happened.</summary>
    private static async Task<TimeSpan?> WaitForRefusalAsync(PublishedService service, RequestLog log)
    {
        for (var bound = new Bound(500, TimeSpan.FromSeconds(5)); bound.Next();)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(IPAddress.Loopback, service.Port);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return log.Clock.Elapsed;
            }

            await Task.Delay(5);
        }

        return null;
    }
}

/// <summary>A JSON body sent in parts with pauses between them, as a slow client on a poor network sends it.</summary>
internal sealed class TrickledJsonContent : HttpContent
{
    private readonly byte[] _body;
    private readonly int _parts;
    private readonly TimeSpan _pause;

    public TrickledJsonContent(string json, int parts, TimeSpan pause)
    {
        _body = System.Text.Encoding.UTF8.GetBytes(json);
        _parts = parts;
        _pause = pause;
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var size = (_body.Length + _parts - 1) / _parts;
        for (var offset = 0; offset < _body.Length; offset += size)
        {
            if (offset > 0)
            {
                await Task.Delay(_pause);
            }

            await stream.WriteAsync(_body.AsMemory(offset, Math.Min(size, _body.Length - offset)));
            await stream.FlushAsync();
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}

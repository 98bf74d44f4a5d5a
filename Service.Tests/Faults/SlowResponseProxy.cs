using System.Net;
using System.Net.Sockets;

namespace Switchyard.Tests.Faults;

/// <summary>
/// A TCP proxy on 127.0.0.1 in front of a real store. Requests pass at once; when armed, the
/// next response is held back for a while, as a slow network would, so the client times out
/// and retries although the store has already applied the request.
/// </summary>
internal sealed class SlowResponseProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _upstream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private long _nextResponseDelayTicks;

    public SlowResponseProxy(Uri upstream)
    {
        _upstream = upstream;
        _listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");
        _accepting = AcceptAsync();
    }

    public Uri Url { get; }

    /// <summary>Holds back the next response (of any connection) by <paramref name="delay"/>.</summary>
    public void DelayNextResponse(TimeSpan delay) => Interlocked.Exchange(ref _nextResponseDelayTicks, delay.Ticks);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await upstream.ConnectAsync(_upstream.Host, _upstream.Port, _stop.Token);
                var toStore = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
                var toClient = CopyResponsesAsync(upstream.GetStream(), client.GetStream());
                await Task.WhenAny(toStore, toClient);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                // The client gave up on a held-back response, or the proxy is stopping.
            }
        }
    }

    private async Task CopyResponsesAsync(Stream from, Stream to)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (Interlocked.Exchange(ref _nextResponseDelayTicks, 0) is > 0 and var ticks)
            {
                await Task.Delay(TimeSpan.FromTicks(ticks), _stop.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Switchyard.Tests.Faults;

/// <summary>One request as the client saw it; times are offsets on the test's clock. <see cref="Status"/> is 0 when no response came.</summary>
internal sealed record Sample(string Route, TimeSpan Start, TimeSpan End, int Status, bool IsProblem, bool HasRetryAfter, string? Error, string? Id)
{
    public TimeSpan Duration => End - Start;

    public bool IsSuccess => Status is >= 200 and < 300;

    public override string ToString() =>
        $"{Route} at {Start.TotalSeconds:F3} s: {(Status == 0 ? Error : Status.ToString(CultureInfo.InvariantCulture))} in {Duration.TotalMilliseconds:F0} ms";
}

/// <summary>Times and records every request a test sends, so the assertions and the printed figures come from the same data.</summary>
internal sealed class RequestLog
{
    private readonly ConcurrentQueue<Sample> _samples = new();

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public IReadOnlyList<Sample> Samples => [.. _samples];

    /// <summary>Sends one request and records its outcome; a failure to get any response is recorded, not thrown.</summary>
    public async Task<Sample> SendAsync(HttpClient client, string route, Func<HttpRequestMessage> request)
    {
        var start = Clock.Elapsed;
        Sample sample;
        try
        {
            using var message = request();
            using var response = await client.SendAsync(message);
            var id = await FaultHttp.IdOfAsync(response);
            if (id is null)
            {
                await response.Content.ReadAsByteArrayAsync();
            }

            sample = new Sample(route, start, Clock.Elapsed, (int)response.StatusCode, FaultHttp.IsProblem(response),
                response.Headers.RetryAfter is not null, null, id);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            sample = new Sample(route, start, Clock.Elapsed, 0, false, false, $"{e.GetType().Name}: {e.Message}", null);
        }

        _samples.Enqueue(sample);
        return sample;
    }

    public Task<Sample> GetAsync(HttpClient client, string route, string url) =>
        SendAsync(client, route, () => new HttpRequestMessage(HttpMethod.Get, url));

    public Task<Sample> CreateAsync(HttpClient client, string name) =>
        SendAsync(client, "POST /api/items", () => new HttpRequestMessage(HttpMethod.Post, "/api/items") { Content = FaultHttp.Json(FaultHttp.ItemJson(name)) });

    /// <summary>"n requests, statuses {…}, p50 … ms, max … ms" for the printed figures.</summary>
    public static string Summary(IReadOnlyCollection<Sample> samples)
    {
        if (samples.Count == 0)
        {
            return "0 requests";
        }

        var statuses = string.Join(", ", samples.GroupBy(s => s.Status == 0 ? "no response" : ((HttpStatusCode)s.Status).ToString("D"))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}×{g.Count()}"));
        var durations = samples.Select(s => s.Duration.TotalMilliseconds).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture,
            $"{samples.Count} requests ({statuses}); p50 {durations[durations.Length / 2]:F0} ms, p99 {durations[(int)(durations.Length * 0.99)]:F0} ms, max {durations[^1]:F0} ms");
    }
}

/// <summary>Writes a test's figures where a reader of the run sees them, prefixed with the test's name.</summary>
internal static class Figures
{
    public static void Print(string line)
    {
        var text = $"[{TestContext.CurrentContext.Test.FullName.Replace("Switchyard.Tests.Faults.", "", StringComparison.Ordinal)}] {line}";
        TestContext.Out.WriteLine(text);
    }
}

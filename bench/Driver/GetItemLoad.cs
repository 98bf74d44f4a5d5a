using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Switchyard.Storage.DynamoDb;

namespace Switchyard.Bench;

/// <summary>
/// The DynamoDB ceiling: the same GetItem the store sends (consistent read, hash key <c>id</c>),
/// with the service's own client settings, from C concurrent loops over random seeded ids.
/// One long-lived process, like the services it is compared with: bench/run starts it once, warms it
/// up with phases it discards and then asks for every measured phase, so no phase measures a fresh
/// process's tier-0 code (bench/README.md). Each line on stdin is one phase's length in seconds; each
/// phase answers one JSON line on stdout and stops at its deadline or after the request budget,
/// whichever comes first. The process ends at the end of its input.
/// </summary>
internal static class GetItemLoad
{
    public static async Task<int> ServeAsync(Arguments options)
    {
        var settings = new DynamoDbOptions { ServiceUrl = new Uri(options.Text("url")), TableName = options.Text("table") };
        using var client = DynamoDbRegistration.CreateClient(settings);
        var ids = await File.ReadAllLinesAsync(options.Text("ids"));
        var budget = (long)options.Number("max-requests");
        var concurrency = options.Number("concurrency");

        var failed = false;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (!int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 1 or > 3600)
            {
                Console.Error.WriteLine($"driver: expected a phase length of 1-3600 seconds, got '{line}'");
                return 2;
            }

            var (latencies, errors, elapsed) = await LoadAsync(client, settings.TableName, ids, concurrency, seconds, budget);
            failed |= errors > 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $$"""{"requests":{{latencies.Length}},"errors":{{errors}},"seconds":{{elapsed:F3}},"rps":{{latencies.Length / elapsed:F1}},"p50_ms":{{Percentile(latencies, 0.50):F3}},"p99_ms":{{Percentile(latencies, 0.99):F3}}}"""));
        }

        return failed ? 1 : 0;
    }

    /// <summary>C concurrent loops until the deadline or the budget: the sorted latencies, the errors and the elapsed seconds.</summary>
    private static async Task<(double[] Latencies, long Errors, double Seconds)> LoadAsync(
        Amazon.DynamoDBv2.AmazonDynamoDBClient client, string table, string[] ids, int concurrency, int seconds, long budget)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * (double)Stopwatch.Frequency);
        long issued = 0, errors = 0;
        var latencies = new List<double>[concurrency];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(latencies.Select((_, worker) => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(1 << 16);
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= budget)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await GetAsync(client, table, ids);
                }
                catch (Exception e) when (e is Amazon.Runtime.AmazonClientException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })));
        return (latencies.SelectMany(l => l).Order().ToArray(), errors, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private static async Task GetAsync(Amazon.DynamoDBv2.AmazonDynamoDBClient client, string table, string[] ids)
    {
        var response = await client.GetItemAsync(new GetItemRequest
        {
            TableName = table,
            Key = new() { ["id"] = new AttributeValue { S = ids[Random.Shared.Next(ids.Length)] } },
            ConsistentRead = true,
        });
        if (response.Item is not { Count: > 0 })
        {
            throw new Amazon.Runtime.AmazonClientException("a seeded item was not found");
        }
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

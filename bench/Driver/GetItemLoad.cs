using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Switchyard.Storage.DynamoDb;

namespace Switchyard.Bench;

/// <summary>
/// The DynamoDB ceiling: the same GetItem the store sends (consistent read, hash key <c>id</c>),
/// with the service's own client settings, from C concurrent loops over random seeded ids.
/// Each of its warm-up and its measured phase stops at its deadline or after the request budget, whichever comes first.
/// </summary>
internal static class GetItemLoad
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var settings = new DynamoDbOptions { ServiceUrl = new Uri(options.Text("url")), TableName = options.Text("table") };
        using var client = DynamoDbRegistration.CreateClient(settings);
        var ids = await File.ReadAllLinesAsync(options.Text("ids"));
        var budget = (long)options.Number("max-requests");
        var concurrency = options.Number("concurrency");

        // Warm-up outside the measured window, under the same load: connections, the SDK's first-call
        // set-up, and the tier-1 re-compilation of this process's hot paths, which takes seconds of load
        // (bench/README.md). One request a loop left the measured phase running on unoptimised code.
        await LoadAsync(client, settings.TableName, ids, concurrency, options.Number("warmup-seconds"), budget);

        var (latencies, errors, seconds) = await LoadAsync(client, settings.TableName, ids, concurrency, options.Number("seconds"), budget);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"requests":{{latencies.Length}},"errors":{{errors}},"seconds":{{seconds:F3}},"rps":{{latencies.Length / seconds:F1}},"p50_ms":{{Percentile(latencies, 0.50):F3}},"p99_ms":{{Percentile(latencies, 0.99):F3}}}"""));
        return errors == 0 ? 0 : 1;
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

using System.Diagnostics;
using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Switchyard.Storage.DynamoDb;

namespace Switchyard.Bench;

/// <summary>
/// The DynamoDB ceiling: the same GetItem the store sends (consistent read, hash key <c>id</c>),
/// with the service's own client settings, from C concurrent loops over random seeded ids.
/// Stops at the deadline or after the request budget, whichever comes first.
/// </summary>
internal static class GetItemLoad
{
    public static async Task<int> RunAsync(Arguments options)
    {
        var settings = new DynamoDbOptions { ServiceUrl = new Uri(options.Text("url")), TableName = options.Text("table") };
        using var client = DynamoDbRegistration.CreateClient(settings);
        var ids = await File.ReadAllLinesAsync(options.Text("ids"));
        var budget = (long)options.Number("max-requests");

        // Warm-up outside the measured window: connections, JIT, the SDK's first-call set-up.
        await Task.WhenAll(Enumerable.Range(0, options.Number("concurrency")).Select(_ => GetAsync(client, settings.TableName, ids)));

        var deadline = Stopwatch.GetTimestamp() + (long)(options.Number("seconds") * (double)Stopwatch.Frequency);
        long issued = 0, errors = 0;
        var latencies = new List<double>[options.Number("concurrency")];
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(latencies.Select((_, worker) => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(1 << 16);
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Increment(ref issued) <= budget)
            {
                var t0 = Stopwatch.GetTimestamp();
                try
                {
                    await GetAsync(client, settings.TableName, ids);
                }
                catch (Exception e) when (e is Amazon.Runtime.AmazonClientException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref errors);
                }

                mine.Add(Stopwatch.GetElapsedTime(t0).TotalMilliseconds);
            }
        })));
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"requests":{{all.Length}},"errors":{{errors}},"seconds":{{seconds:F3}},"rps":{{all.Length / seconds:F1}},"p50_ms":{{Percentile(all, 0.50):F3}},"p99_ms":{{Percentile(all, 0.99):F3}}}"""));
        return errors == 0 ? 0 : 1;
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

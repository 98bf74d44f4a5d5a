using System.Diagnostics;
using System.Globalization;

namespace Switchyard.Bench;

/// <summary>
/// Time to first ready: from spawning the process to its first 200 on the given URL,
/// polled every millisecond from this (already warm) process; the median of N cold starts.
/// Each started process is killed before the next start.
/// </summary>
internal static class StartupTimer
{
    public static async Task<int> RunAsync(Arguments options, string[] command)
    {
        if (command.Length == 0)
        {
            return Arguments.Usage("ttfr needs '-- PROGRAM ARGS...'");
        }

        var url = new Uri(options.Text("url"));
        var timeout = TimeSpan.FromSeconds(options.Number("timeout-seconds"));
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(2) };
        await PollOnceAsync(http, url); // JIT the polling path before the first measured start.

        var runs = new List<double>();
        for (var run = 0; run < options.Number("runs"); run++)
        {
            runs.Add(await TimeOneStartAsync(http, url, command, timeout));
        }

        var median = runs.Order().ElementAt(runs.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $$"""{"median_ms":{{median:F1}},"runs_ms":[{{string.Join(",", runs.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}}]}"""));
        return 0;
    }

    private static async Task<double> TimeOneStartAsync(HttpClient http, Uri url, string[] command, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in command[1..])
        {
            info.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
        // The last lines it wrote, for the message when it exits before it is ready.
        var tail = new Queue<string>();
        void Keep(string? line)
        {
            lock (tail)
            {
                if (line is null)
                {
                    return;
                }

                tail.Enqueue(line);
                if (tail.Count > 20)
                {
                    tail.Dequeue();
                }
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (!await PollOnceAsync(http, url))
            {
                if (process.HasExited)
                {
                    await process.WaitForExitAsync(); // its output, read to the end
                    lock (tail)
                    {
                        throw new InvalidOperationException(
                            $"{command[0]} exited with code {process.ExitCode} before {url} answered 200; its last output:\n{string.Join('\n', tail)}");
                    }
                }

                if (Stopwatch.GetElapsedTime(started) > timeout)
                {
                    throw new TimeoutException($"{url} did not answer 200 within {timeout.TotalSeconds} s");
                }

                await Task.Delay(1);
            }

            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static async Task<bool> PollOnceAsync(HttpClient http, Uri url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Switchyard.Bench;

/// <summary>
/// Time to first ready: from spawning a program to its first 200 on its ready URL, polled every
/// millisecond from this (already warm) process. Every program is started N times, interleaved
/// start by start (A B C, B C A, C A B, ...), so a slow minute of the machine falls on all of them
/// alike; each started process is killed before the next start. Prints, for each program, the
/// median and every run.
/// </summary>
internal static class StartupTimer
{
    /// <param name="Name">The key of its figures in the output.</param>
    private sealed record TimedProgram(string Name, Uri ReadyUrl, string[] Command);

    public static async Task<int> RunAsync(Arguments options)
    {
        // One JSON object a line: {"name": ..., "url": ..., "command": [PROGRAM, ARGS...]}
        var programs = File.ReadLines(options.Text("programs")).Where(line => line.Length > 0).Select(Parse).ToList();
        if (programs.Count == 0 || programs.Any(program => program.Command.Length == 0))
        {
            return Arguments.Usage("ttfr needs --programs FILE with one {\"name\", \"url\", \"command\": [...]} a line");
        }

        var timeout = TimeSpan.FromSeconds(options.Number("timeout-seconds"));
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }) { Timeout = TimeSpan.FromSeconds(2) };
        await PollOnceAsync(http, programs[0].ReadyUrl); // JIT the polling path before the first measured start.

        var runs = programs.ToDictionary(program => program.Name, _ => new List<double>());
        for (var run = 0; run < options.Number("runs"); run++)
        {
            for (var i = 0; i < programs.Count; i++)
            {
                var program = programs[(run + i) % programs.Count];
                runs[program.Name].Add(await TimeOneStartAsync(http, program.ReadyUrl, program.Command, timeout));
            }
        }

        Console.WriteLine("{" + string.Join(",", runs.Select(entry => string.Create(CultureInfo.InvariantCulture,
            $$"""{{JsonSerializer.Serialize(entry.Key)}}:{"median_ms":{{Median(entry.Value):F1}},"runs_ms":[{{string.Join(",", entry.Value.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)))}}]}"""))) + "}");
        return 0;
    }

    private static TimedProgram Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        return new TimedProgram(
            root.GetProperty("name").GetString()!,
            new Uri(root.GetProperty("url").GetString()!),
            [.. root.GetProperty("command").EnumerateArray().Select(argument => argument.GetString()!)]);
    }

    private static double Median(List<double> runs) => runs.Order().ElementAt(runs.Count / 2);

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

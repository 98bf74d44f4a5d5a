using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Switchyard.Tests.Infrastructure;

/// <summary>Small helpers for the servers the suite starts itself: processes, ports, the repository root.</summary>
public static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    private const int LowestPort = 10_000;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A free TCP port on 127.0.0.1 for a server to take (the check's listener is closed again),
    /// below the kernel's ephemeral range, and never the same twice in this run. A port from the
    /// ephemeral range can be taken by the local end of an outgoing connection between choosing it
    /// and binding it, or, while a crashed store is down, by a client's reconnect to that very
    /// port connecting to itself; the store's restart on its port then fails with "address in use".
    /// </summary>
    public static int FreePort()
    {
        var below = EphemeralRangeStart();
        lock (HandedOut)
        {
            for (var attempt = 0; attempt < 1_000; attempt++)
            {
                var port = Random.Shared.Next(LowestPort, below);
                if (!HandedOut.Contains(port) && IsFree(port))
                {
                    HandedOut.Add(port);
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 between {LowestPort} and {below} after 1000 tries.");
    }

    private static int EphemeralRangeStart()
    {
        const string range = "/proc/sys/net/ipv4/ip_local_port_range";
        // "32768\t60999": the first and last port the kernel hands to outgoing connections.
        var fields = File.Exists(range) ? File.ReadAllText(range).Split(default(char[]), StringSplitOptions.RemoveEmptyEntries) : [];
        var start = fields.Length > 0 && int.TryParse(fields[0], out var low) ? low : 32_768;
        return start > LowestPort + 2_000
            ? start
            : throw new InvalidOperationException($"The ephemeral port range starts at {start} ({range}): no room below it for the test servers' ports.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Solution.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Could not find Solution.sln above " + AppContext.BaseDirectory);
    }

    /// <summary>Finds a program on PATH.</summary>
    public static string? OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a program to completion (as <paramref name="user"/> through runuser when given) and returns its output; throws with the output on failure.</summary>
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? user = null, TimeSpan? timeout = null)
    {
        var (exitCode, stdout, stderr) = await RunToEndAsync(program, arguments, user, timeout);
        var output = stdout + stderr;
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {exitCode}:\n{output}");
        }

        return output;
    }

    /// <summary>Runs a program to completion and returns its exit code and both outputs, whatever the exit code; throws only when it overruns.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunToEndAsync(
        string program, IEnumerable<string> arguments, string? user = null, TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var process = Start(program, arguments, user, redirect: true, environment: environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish within {timeout ?? TimeSpan.FromMinutes(2)}.");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    public static Process Start(string program, IEnumerable<string> arguments, string? user = null, bool redirect = false, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(user is null ? program : "runuser")
        {
            RedirectStandardOutput = redirect,
            RedirectStandardError = redirect,
            RedirectStandardInput = false,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        if (user is not null)
        {
            foreach (var argument in new[] { "-u", user, "--", program })
            {
                info.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
    }
}

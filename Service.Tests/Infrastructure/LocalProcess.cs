using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Switchyard.Tests.Infrastructure;

/// <summary>Small helpers for the servers the suite starts itself: processes, ports, the repository root.</summary>
public static class LocalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>A free TCP port on 127.0.0.1 (the listener is closed again, so a server can take it).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
        using var process = Start(program, arguments, user, redirect: true);
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

        var output = await stdout + await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}:\n{output}");
        }

        return output;
    }

    public static Process Start(string program, IEnumerable<string> arguments, string? user = null, bool redirect = false, string? workingDirectory = null)
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

        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
    }
}

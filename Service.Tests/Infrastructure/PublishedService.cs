using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Switchyard.Tests.Infrastructure;

/// <summary>
/// The service as a deployment runs it: published in Release once per test run into a
/// temporary directory, started as its own process (<c>dotnet Switchyard.Service.dll</c>) on a
/// random 127.0.0.1 port, configured only through environment variables, in the Production
/// environment. Everything it writes to stdout and stderr is kept, so tests can read its logs.
/// </summary>
public sealed class PublishedService : IAsyncDisposable
{
    public const string Username = "fault-tester";

    /// <summary>A password no other text in a run contains, so a log line holding it is easy to find.</summary>
    public static readonly string Password = "pw-" + Guid.NewGuid().ToString("N");

    private static readonly Lazy<Task<string>> PublishedDll = new(PublishAsync);

    /// <summary>The published Switchyard.Service.dll, published on first use.</summary>
    public static Task<string> DllAsync() => PublishedDll.Value;
    private static string? _publishRoot;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private PublishedService(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, line) => Keep(line.Data);
        process.ErrorDataReceived += (_, line) => Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line the process wrote to stdout or stderr so far.</summary>
    public IReadOnlyList<string> OutputLines => [.. _output];

    /// <summary>
    /// Starts an instance with <paramref name="environment"/> (contract variables) plus the
    /// test credentials, and waits until <paramref name="readyPath"/> answers 200 (null: do not wait).
    /// </summary>
    public static async Task<PublishedService> StartAsync(
        IReadOnlyDictionary<string, string> environment, string? readyPath = "/readyz", TimeSpan? readyTimeout = null)
    {
        var port = LocalProcess.FreePort();
        var info = await StartInfoAsync(environment, ["--urls", $"http://127.0.0.1:{port}"]);
        var service = new PublishedService(Process.Start(info) ?? throw new InvalidOperationException("Could not start the published service."), port);
        if (readyPath is not null)
        {
            await service.WaitUntilAsync(readyPath, readyTimeout ?? TimeSpan.FromSeconds(60));
        }

        return service;
    }

    /// <summary>
    /// Runs the published service with <paramref name="arguments"/> (a command such as <c>export</c>)
    /// to its end, configured as <see cref="StartAsync"/> configures it; <paramref name="input"/> is its standard input.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Errors)> RunCommandAsync(
        IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, string? input = null, TimeSpan? timeout = null)
    {
        var info = await StartInfoAsync(environment, arguments);
        info.RedirectStandardInput = true;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the published service.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{string.Join(' ', arguments)}' did not finish in time:\n{await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }

    private static async Task<ProcessStartInfo> StartInfoAsync(IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var dll = await PublishedDll.Value;
        var info = new ProcessStartInfo(DotnetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // Only what the test hands over configures the child: nothing leaks in from the test run's environment.
        foreach (var name in info.Environment.Keys.Where(IsServiceSetting).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment[ServiceEnvironment.AuthUsername] = Username;
        info.Environment[ServiceEnvironment.AuthPassword] = Password;
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return info;
    }

    /// <summary>Polls <paramref name="path"/> until it answers 200; fails with the process output when it does not in time.</summary>
    public async Task WaitUntilAsync(string path, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 10_000 && deadline.Elapsed < timeout; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The service exited with code {_process.ExitCode} before {path} answered 200:\n{Tail()}");
            }

            try
            {
                using var response = await client.GetAsync(path);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"{path} did not answer 200 within {timeout.TotalSeconds} s:\n{Tail()}");
    }

    /// <summary>Sends SIGTERM, as ECS and App Runner do to stop a task.</summary>
    public Task TerminateAsync() =>
        LocalProcess.RunAsync("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)], timeout: TimeSpan.FromSeconds(10));

    /// <summary>Kills the process at once (SIGKILL), as a crash or an out-of-memory kill ends it: nothing of it runs to an end.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <returns>Whether the process exited within <paramref name="timeout"/>.</returns>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The last lines of output, for failure messages.</summary>
    public string Tail(int lines = 40) => string.Join('\n', OutputLines.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    /// <summary>Deletes the published copy; called once after the last test.</summary>
    public static void DeletePublished()
    {
        if (_publishRoot is { } root && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    private static bool IsServiceSetting(string name) =>
        name.StartsWith("Store__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Auth__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Migration__", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("Shutdown__", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase) || name.Equals("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name.Equals(ServiceEnvironment.AwsRegion, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// <c>dotnet publish -c Release</c> with its own artifacts path, so it never shares obj/ or bin/
    /// with a build running beside it.
    /// </summary>
    private static async Task<string> PublishAsync()
    {
        var root = Directory.CreateTempSubdirectory("switchyard-publish-").FullName;
        _publishRoot = root;
        var output = Path.Combine(root, "publish");
        var project = Path.Combine(LocalProcess.RepositoryRoot(), "Service", "Service.csproj");
        var watch = Stopwatch.StartNew();
        await LocalProcess.RunAsync(DotnetExecutable(),
            ["publish", project, "-c", "Release", "--artifacts-path", Path.Combine(root, "artifacts"), "-o", output, "-nologo", "-v", "quiet"],
            timeout: TimeSpan.FromMinutes(5));
        TestContext.Progress.WriteLine($"Published the service (Release) in {watch.Elapsed.TotalSeconds:F1} s");
        return Path.Combine(output, "Switchyard.Service.dll");
    }

    private static string DotnetExecutable() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : LocalProcess.OnPath("dotnet") ?? throw new InvalidOperationException("dotnet was found neither in DOTNET_HOST_PATH nor on PATH.");
}

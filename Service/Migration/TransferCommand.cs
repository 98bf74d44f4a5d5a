using System.Diagnostics;
using Microsoft.Extensions.Options;
using Switchyard.Storage;

namespace Switchyard.Migration;

/// <summary>
/// <c>dotnet Switchyard.Service.dll export [--output FILE]</c> and <c>import [--input FILE]</c>: every
/// item of the store the environment names, to or from JSON Lines (<see cref="ItemJsonLines"/>;
/// standard output and input by default), with progress on standard error. An import writes
/// put-if-absent through the copy engine: importing a file twice, or into a store that holds some
/// of its items, adds only what is missing and changes no stored item.
/// </summary>
public static class TransferCommand
{
    private const string Usage = "usage: dotnet Switchyard.Service.dll export [--output FILE] | import [--input FILE]";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] is "export" or "import";

    /// <returns>0 when done, 1 when the store or the input failed it, 2 for bad arguments.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        if (Parse(args) is not { } command)
        {
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };

        try
        {
            using var host = BuildHost();
            await host.StartAsync(cancel.Token);
            var services = host.Services;
            var watch = Stopwatch.StartNew();
            var done = command.Export
                ? await ExportAsync(services.GetRequiredKeyedService<IItemStore>(StoreRegistration.Target), command.File, cancel.Token)
                : await ImportAsync(services.GetRequiredService<IItemImport>(), command.File, cancel.Token);
            await Console.Error.WriteLineAsync($"{done} in {watch.Elapsed.TotalSeconds:F1} s");
            await host.StopAsync(CancellationToken.None);
            return 0;
        }
        catch (ItemLineException e)
        {
            await Console.Error.WriteLineAsync($"import stopped at {e.Message}. The items on the lines before it are imported; none after it.");
        }
        catch (Exception e) when (e is StoreUnavailableException or InvalidOperationException or OptionsValidationException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} failed: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"{args[0]} cancelled.");
        }

        return 1;
    }

    private sealed record Command(bool Export, string? File);

    private static Command? Parse(string[] args)
    {
        var export = args[0] == "export";
        var option = export ? "--output" : "--input";
        string? error = args.Length switch
        {
            1 => null,
            3 when args[1] == option && args[2].Length > 0 => null,
            2 when args[1] == option => $"{option} needs a file name.",
            _ => $"'{args[0]}' takes only {option} FILE (got: {string.Join(' ', args[1..])}).",
        };
        if (error is null && !export && args.Length == 3 && !File.Exists(args[2]))
        {
            error = $"the input file '{args[2]}' does not exist.";
        }

        if (error is null)
        {
            return new Command(export, args.Length == 3 ? args[2] : null);
        }

        Console.Error.WriteLine($"{args[0]}: {error}");
        Console.Error.WriteLine(Usage);
        return null;
    }

    /// <summary>The service's configuration and store, without the web server; logs go to standard error, never into an export.</summary>
    private static IHost BuildHost()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.AddItemStore(builder.Configuration);
        return builder.Build();
    }

    private static async Task<string> ExportAsync(IItemStore store, string? file, CancellationToken cancellationToken)
    {
        // A file appears under its name only once complete: a failed export leaves no half file behind.
        var partial = file is null ? null : file + ".partial";
        var exported = 0L;
        await using (Stream output = partial is null ? new BufferedStream(Console.OpenStandardOutput(), 1 << 16) : File.Create(partial))
        {
            try
            {
                var progress = new Throttled();
                await foreach (var batch in ItemCopier.ReadAllAsync(store, cancellationToken: cancellationToken))
                {
                    await ItemJsonLines.WriteAsync(output, batch, cancellationToken);
                    exported += batch.Count;
                    progress.Report($"exported {exported} items");
                }
            }
            catch when (partial is not null)
            {
                await output.DisposeAsync();
                File.Delete(partial);
                throw;
            }
        }

        if (partial is not null)
        {
            File.Move(partial, file!, overwrite: true);
        }

        return $"exported {exported} items";
    }

    private static async Task<string> ImportAsync(IItemImport target, string? file, CancellationToken cancellationToken)
    {
        using var input = file is null ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(file);
        var progress = new Throttled();
        var result = await ItemCopier.CopyAsync(ItemJsonLines.ReadAsync(input, ItemCopier.DefaultBatchSize, cancellationToken), target,
            current => progress.Report(Imported(current)), cancellationToken);
        return Imported(result);
    }

    private static string Imported(CopyProgress progress) =>
        $"imported {progress.Seen} items ({progress.Copied} new, {progress.SkippedExisting} there already)";

    /// <summary>Progress lines on standard error, at most one a second.</summary>
    private sealed class Throttled
    {
        private readonly Stopwatch _since = Stopwatch.StartNew();

        public void Report(string line)
        {
            if (_since.Elapsed >= TimeSpan.FromSeconds(1))
            {
                Console.Error.WriteLine(line);
                _since.Restart();
            }
        }
    }
}

using System.Diagnostics;
using Microsoft.Extensions.Options;
using Switchyard.Storage;

namespace Switchyard.Migration;

/// <summary>
/// Runs the store switch in the background, so start-up and readiness never wait for it. Every
/// instance polls the ledger in the target store; the one that holds the lease copies, renewing it
/// as it goes, and records the copy complete. When a copier dies its lease expires and another
/// instance resumes: the copy starts over, and put-if-absent skips what is there already.
/// </summary>
public sealed partial class StoreSwitchCopier(
    StoreSwitchState state,
    IStoreSwitchLedger ledger,
    IItemImport target,
    [FromKeyedServices(StoreSwitchRegistration.Source)] OpenedStore source,
    IOptions<StoreSwitchOptions> options,
    StoreStartup targetStartup,
    TimeProvider time,
    ILogger<StoreSwitchCopier> logger) : BackgroundService
{
    /// <summary>Who this instance is in the lease: unique per process, readable in the ledger.</summary>
    private readonly string _copier = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    private TimeSpan Poll => TimeSpan.FromSeconds(options.Value.PollSeconds);

    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The ledger and the copy live in the target store: its schema or table first. If that
        // fails, the host's start fails with the error and this has nothing to add.
        try
        {
            await targetStartup.Completion.WaitAsync(stoppingToken);
        }
        catch (Exception) when (targetStartup.Completion.IsFaulted)
        {
            return;
        }

        var settled = time.GetUtcNow().AddSeconds(options.Value.SettleSeconds);
        LogSettling(source.Description, options.Value.SettleSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var record = await ledger.ReadAsync(source.Description, stoppingToken);
                if (record?.IsComplete == true)
                {
                    state.Observed(record, copyingHere: false);
                    LogComplete(source.Description, record.Copied);
                    return;
                }

                var now = time.GetUtcNow();
                if (now >= settled && await ledger.TryHoldLeaseAsync(source.Description, _copier, now, now + Lease, 0, stoppingToken))
                {
                    state.Observed(record, copyingHere: true, new CopyProgress(0, 0));
                    await CopyHoldingLeaseAsync(stoppingToken);
                    continue;
                }

                state.Observed(record, copyingHere: false);
            }
            catch (StoreUnavailableException e)
            {
                state.CheckFailed(e);
                LogStoreUnavailable(e.Message, options.Value.PollSeconds);
            }

            await Task.Delay(Poll, time, stoppingToken);
        }
    }

    private async Task CopyHoldingLeaseAsync(CancellationToken stoppingToken)
    {
        LogCopying(source.Description, _copier);
        using var copy = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new CopyProgress(0, 0);
        var renewal = RenewLeaseAsync(() => progress.Copied, copy);
        var watch = Stopwatch.StartNew();
        try
        {
            progress = await ItemCopier.CopyAsync(ItemCopier.ReadAllAsync(source.Store, options.Value.BatchSize, copy.Token), target, current =>
            {
                progress = current;
                state.Observed(null, copyingHere: true, current);
            }, copy.Token);
            await ledger.MarkCompleteAsync(source.Description, time.GetUtcNow(), progress.Copied, stoppingToken);
            LogCopied(progress.Copied, progress.SkippedExisting, watch.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            LogLeaseLost(progress.Seen);
        }
        catch (OperationCanceledException)
        {
            await ReleaseLeaseAsync(progress.Copied);
            throw;
        }
        finally
        {
            await copy.CancelAsync();
            await renewal;
        }
    }

    /// <summary>On shutdown: lets the lease expire now, so another instance resumes at its next poll instead of a lease period later.</summary>
    private async Task ReleaseLeaseAsync(long copied)
    {
        using var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            var now = time.GetUtcNow();
            await ledger.TryHoldLeaseAsync(source.Description, _copier, now, now, copied, bounded.Token);
        }
        catch (Exception e) when (e is StoreUnavailableException or OperationCanceledException)
        {
            // Then the lease runs out by itself.
        }
    }

    /// <summary>Renews the lease a few times per lease period; cancels the copy when another instance holds it.</summary>
    private async Task RenewLeaseAsync(Func<long> copied, CancellationTokenSource copy)
    {
        try
        {
            while (true)
            {
                await Task.Delay(Lease / 3, time, copy.Token);
                var now = time.GetUtcNow();
                if (!await ledger.TryHoldLeaseAsync(source.Description, _copier, now, now + Lease, copied(), copy.Token))
                {
                    await copy.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The copy ended.
        }
        catch (StoreUnavailableException e)
        {
            // The copy itself meets the same outage and is retried from the main loop.
            LogStoreUnavailable(e.Message, options.Value.PollSeconds);
        }
    }

    [LoggerMessage(LogLevel.Information, "Store switch from {Source}: reads come from it until the copy is complete; this instance copies after {Seconds} s at the earliest")]
    private partial void LogSettling(string source, int seconds);

    [LoggerMessage(LogLevel.Information, "Store switch: copying every item from {Source} (copier {Copier})")]
    private partial void LogCopying(string source, string copier);

    [LoggerMessage(LogLevel.Information, "Store switch: copy complete, {Copied} items copied, {Skipped} were there already, in {Seconds:F1} s")]
    private partial void LogCopied(long copied, long skipped, double seconds);

    [LoggerMessage(LogLevel.Information, "Store switch: the copy from {Source} is complete ({Copied} items copied); serving from this store only")]
    private partial void LogComplete(string source, long copied);

    [LoggerMessage(LogLevel.Warning, "Store switch: another instance holds the copier's lease; stopped after {Seen} items")]
    private partial void LogLeaseLost(long seen);

    [LoggerMessage(LogLevel.Warning, "Store switch: {Reason} Retrying in {Seconds} s")]
    private partial void LogStoreUnavailable(string reason, int seconds);
}

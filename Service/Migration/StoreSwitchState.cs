using Switchyard.Storage;

namespace Switchyard.Migration;

/// <summary>
/// What this instance knows of the store switch: whether the copy is complete (once it is, it stays
/// so and the source is never read again) and how far it has come. Until the ledger has been read
/// once, nobody can say which store is current, so requests wait for that first read.
/// </summary>
public sealed class StoreSwitchState(string source)
{
    private readonly TaskCompletionSource _firstCheck = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _complete;
    private volatile bool _known;
    private Exception? _checkError;
    private StoreSwitchStatus _status = new(StoreSwitchStatus.Checking, source, 0, 0, null);

    public string Source { get; } = source;

    public bool IsComplete => _complete;

    public StoreSwitchStatus Status => Volatile.Read(ref _status);

    /// <exception cref="StoreUnavailableException">The target store did not answer the first read of the ledger.</exception>
    public async ValueTask<bool> IsCompleteAsync(CancellationToken cancellationToken)
    {
        if (_complete)
        {
            return true;
        }

        if (!_known)
        {
            await _firstCheck.Task.WaitAsync(cancellationToken);
            if (!_known)
            {
                throw new StoreUnavailableException(
                    "The service could not read yet whether its store switch is complete.", _checkError ?? new TimeoutException());
            }
        }

        return _complete;
    }

    internal void Observed(StoreSwitchRecord? record, bool copyingHere, CopyProgress? progress = null)
    {
        if (record?.IsComplete == true)
        {
            Volatile.Write(ref _status, new StoreSwitchStatus(StoreSwitchStatus.Complete, Source, record.Copied, 0, null));
            _complete = true;
        }
        else
        {
            var copied = progress?.Copied ?? record?.Copied ?? 0;
            var copier = copyingHere ? "this instance" : record is null ? null : "another instance";
            Volatile.Write(ref _status, new StoreSwitchStatus(StoreSwitchStatus.Copying, Source, copied, progress?.SkippedExisting ?? 0, copier));
        }

        _known = true;
        _firstCheck.TrySetResult();
    }

    internal void CheckFailed(Exception error)
    {
        _checkError = error;
        _firstCheck.TrySetResult();
    }
}

/// <summary>The store switch as /readyz shows it.</summary>
public sealed record StoreSwitchStatus(string State, string Source, long Copied, long SkippedExisting, string? Copier)
{
    public const string Checking = "checking";
    public const string Copying = "copying";
    public const string Complete = "complete";
}

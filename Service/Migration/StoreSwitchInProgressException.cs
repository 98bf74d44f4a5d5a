namespace Switchyard.Migration;

/// <summary>A write arrived while the store switch copies: nothing is written, the API answers 503 with Retry-After.</summary>
public sealed class StoreSwitchInProgressException(int retryAfterSeconds)
    : Exception("The service is copying its items to a new store; writes are accepted again once the copy is complete.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}

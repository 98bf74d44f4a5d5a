using System.Diagnostics;

namespace Switchyard.Tests.Faults;

/// <summary>
/// The limit of every loop in this suite: it stops after <c>maxCount</c> rounds or at its
/// deadline, whichever comes first, so no fault can make a test spin or hang.
/// </summary>
internal sealed class Bound(int maxCount, TimeSpan deadline)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _count;

    /// <summary>Rounds begun so far.</summary>
    public int Count => Math.Min(Volatile.Read(ref _count), maxCount);

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Whether the deadline has passed.</summary>
    public bool Expired => _clock.Elapsed >= deadline;

    /// <summary>Claims the next round; false once the count is used up or the deadline has passed. Safe to share between tasks.</summary>
    public bool Next() => !Expired && Interlocked.Increment(ref _count) <= maxCount;
}

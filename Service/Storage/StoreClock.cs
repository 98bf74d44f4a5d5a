namespace Switchyard.Storage;

internal static class StoreClock
{
    /// <summary>Now, cut to whole microseconds: the finest time PostgreSQL keeps, so what a write returns is what a read returns.</summary>
    public static DateTimeOffset Now(this TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}

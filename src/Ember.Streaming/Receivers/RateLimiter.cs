namespace Ember.Streaming.Receivers;

/// <summary>
/// Spaces stored records at most <c>rate</c> per second on the context's clock (Spark's receiver rate limiter,
/// without the initial burst): each record takes the next free turn, and the caller blocks until its turn comes.
/// </summary>
/// <remarks>
/// Turns are absolute instants, so a clock that moves on between reading it and arming the wait is noticed: the
/// clock is read again once the wait is armed. Only receiver threads block here, never the batch generator.
/// </remarks>
internal sealed class RateLimiter(TimeProvider clock, long ratePerSecond)
{
    private readonly Lock gate = new();
    private long originTicks = long.MinValue;
    private long recordsSinceOrigin;

    /// <summary>
    /// Takes <paramref name="records"/> turns and waits for the first one. Returns early when
    /// <paramref name="cancellationToken"/> fires: a receiver that is stopping stores what it already holds.
    /// </summary>
    public void Acquire(int records, CancellationToken cancellationToken)
    {
        DateTimeOffset due;
        lock (gate)
        {
            // Turns are counted from an origin in whole records (no rounding drift); an idle spell moves the origin
            // to now, so unused turns are not saved up for a burst.
            var now = clock.GetUtcNow().UtcTicks;
            if (originTicks == long.MinValue || originTicks + TicksFor(recordsSinceOrigin) <= now)
            {
                originTicks = now;
                recordsSinceOrigin = 0;
            }
            due = new DateTimeOffset(originTicks + TicksFor(recordsSinceOrigin), TimeSpan.Zero);
            recordsSinceOrigin += records;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            var remaining = due - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var wait = Task.Delay(remaining, clock, cancel.Token);
            try
            {
                if (clock.GetUtcNow() >= due)
                {
                    return;
                }
                wait.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                return;
            }
            finally
            {
                cancel.Cancel();
            }
        }
    }

    private long TicksFor(long records) => (long)((Int128)records * TimeSpan.TicksPerSecond / ratePerSecond);
}

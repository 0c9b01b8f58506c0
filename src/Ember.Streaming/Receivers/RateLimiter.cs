namespace Ember.Streaming.Receivers;

/// <summary>
/// Spaces stored records at most <c>rate</c> per second on the context's clock (Spark's receiver rate limiter,
/// without the initial burst): each record takes the next free turn, and the caller blocks until its turn comes. The
/// rate can change at any time (backpressure) or be lifted (null: no limit).
/// </summary>
/// <remarks>
/// <para>
/// Turns are numbered tickets: ticket <c>t</c> comes <c>(t - originTicket) / rate</c> after <see cref="originTicks"/>,
/// so turns never drift by rounding. Turns that passed while the receiver was idle (between leaving
/// <see cref="Acquire"/> and calling it again) are skipped, so they are not saved up for a burst; turns that passed
/// while a caller was still waiting here (a timer that woke late, a fake clock that jumped) are not idle time, and
/// are used at once. A new rate applies to every ticket whose turn has not come: the turn
/// being waited for keeps the fraction of its interval already elapsed, and the following turns are spaced at the
/// new rate. Waiters recompute their turn when the rate changes, so a faster rate frees them early.
/// </para>
/// <para>
/// A clock that moves on between reading it and arming a wait is noticed: the clock is read again once the wait is
/// armed. Only receiver threads block here, never the batch generator or the listener bus.
/// </para>
/// </remarks>
internal sealed class RateLimiter
{
    private const long NotStarted = long.MinValue;
    private readonly Lock gate = new();
    private readonly TimeProvider clock;
    private readonly SortedSet<long> waiting = [];
    private readonly List<TaskCompletionSource> caughtUpWaiters = [];
    private long? rate;
    private long originTicks = NotStarted;
    private long originTicket;
    private long nextTicket;
    private long lastReturnTicks = long.MinValue;
    private CancellationTokenSource rateChanged = new();

    /// <summary>A limiter of <paramref name="ratePerSecond"/> records per second; null for no limit until <see cref="SetRate"/>.</summary>
    public RateLimiter(TimeProvider clock, long? ratePerSecond)
    {
        ValidateRate(ratePerSecond);
        this.clock = clock;
        rate = ratePerSecond;
    }

    /// <summary>The current rate in records per second; null when unlimited.</summary>
    public long? Rate
    {
        get
        {
            lock (gate)
            {
                return rate;
            }
        }
    }

    /// <summary>
    /// Starts counting turns now as if a record had just taken one, so that the first record waits one turn: the
    /// first <c>d</c> after this call hold at most <c>rate × d</c> records (without it, one more: the record at the
    /// very start). The receiver's first batch relies on it. No effect without a rate.
    /// </summary>
    public void Pace()
    {
        lock (gate)
        {
            if (rate is null)
            {
                return;
            }
            originTicks = Now();
            originTicket = nextTicket - 1;
            lastReturnTicks = originTicks;
        }
    }

    /// <summary>Changes the rate (null lifts the limit); callers waiting for a turn see the change at once. Thread-safe.</summary>
    public void SetRate(long? ratePerSecond)
    {
        ValidateRate(ratePerSecond);
        CancellationTokenSource changed;
        lock (gate)
        {
            if (ratePerSecond == rate)
            {
                return;
            }
            var now = Now();
            if (rate is { } old && ratePerSecond is { } updated && originTicks != NotStarted && TurnLocked(nextTicket, old) > now)
            {
                // Turns still to come: the first of them keeps the part of its interval already elapsed, at the new rate.
                var first = FirstTurnAfterLocked(now, old);
                var remaining = TurnLocked(first, old) - now;
                originTicks = now + (long)((Int128)remaining * old / updated);
                originTicket = first;
            }
            else
            {
                // Nothing owed (or no limit before or after): the next record starts afresh.
                originTicks = NotStarted;
            }
            rate = ratePerSecond;
            changed = rateChanged;
            rateChanged = new CancellationTokenSource();
        }
        // Not disposed: waiters may still be linking to its token.
        changed.Cancel();
    }

    /// <summary>
    /// Takes <paramref name="records"/> turns and waits for the first one. Returns early when
    /// <paramref name="cancellationToken"/> fires: a receiver that is stopping stores what it already holds.
    /// </summary>
    public void Acquire(int records, CancellationToken cancellationToken)
    {
        long ticket;
        lock (gate)
        {
            if (rate is not { } current)
            {
                return;
            }
            var now = Now();
            if (originTicks == NotStarted)
            {
                originTicks = now;
                originTicket = nextTicket;
            }
            else if (TurnLocked(nextTicket, current) is var free && free <= now)
            {
                // The next free turn has passed. The time since the last caller left was idle: skip it.
                originTicks += now - Math.Max(free, lastReturnTicks);
            }
            ticket = nextTicket;
            nextTicket += records;
        }
        try
        {
            while (!cancellationToken.IsCancellationRequested && Wait(ticket, cancellationToken))
            {
            }
        }
        finally
        {
            lock (gate)
            {
                waiting.Remove(ticket);
                lastReturnTicks = Math.Max(lastReturnTicks, Now());
            }
        }
    }

    /// <summary>
    /// Completes once a caller is waiting for a turn later than the clock's reading: every record whose turn has come
    /// is stored. Lets tests wait for a receiver's thread to catch up with a fake clock.
    /// </summary>
    internal Task WhenCaughtUp()
    {
        lock (gate)
        {
            if (CaughtUpLocked())
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            caughtUpWaiters.Add(done);
            return done.Task;
        }
    }

    /// <summary>Waits once for <paramref name="ticket"/>'s turn; false once the turn has come (or there is no limit any more).</summary>
    private bool Wait(long ticket, CancellationToken cancellationToken)
    {
        DateTimeOffset due;
        CancellationToken changed;
        lock (gate)
        {
            if (rate is not { } current || ticket < originTicket)
            {
                return false;
            }
            var dueTicks = TurnLocked(ticket, current);
            if (dueTicks <= Now())
            {
                return false;
            }
            due = new DateTimeOffset(dueTicks, TimeSpan.Zero);
            changed = rateChanged.Token;
            waiting.Add(ticket);
            SignalCaughtUpLocked();
        }
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, changed);
        var remaining = due - clock.GetUtcNow();
        if (remaining <= TimeSpan.Zero)
        {
            return true;
        }
        var wait = Task.Delay(remaining, clock, cancel.Token);
        try
        {
            if (clock.GetUtcNow() < due)
            {
                wait.GetAwaiter().GetResult();
            }
        }
        catch (OperationCanceledException)
        {
            // The caller's token ends the loop; a new rate sends the caller round again to recompute its turn.
        }
        finally
        {
            cancel.Cancel();
        }
        return true;
    }

    private long Now() => clock.GetUtcNow().UtcTicks;

    private long TurnLocked(long ticket, long ratePerSecond) =>
        originTicks + (long)((Int128)(ticket - originTicket) * TimeSpan.TicksPerSecond / ratePerSecond);

    /// <summary>The first ticket (possibly <see cref="nextTicket"/>, not yet taken) whose turn is after <paramref name="now"/>.</summary>
    private long FirstTurnAfterLocked(long now, long ratePerSecond)
    {
        var ticket = originTicket + (now > originTicks ? (long)((Int128)(now - originTicks) * ratePerSecond / TimeSpan.TicksPerSecond) : 0);
        while (ticket < nextTicket && TurnLocked(ticket, ratePerSecond) <= now)
        {
            ticket++;
        }
        return ticket;
    }

    private bool CaughtUpLocked() =>
        rate is { } current && waiting.Count > 0 && waiting.Min >= originTicket && TurnLocked(waiting.Min, current) > Now();

    private void SignalCaughtUpLocked()
    {
        if (caughtUpWaiters.Count > 0 && CaughtUpLocked())
        {
            foreach (var done in caughtUpWaiters)
            {
                done.TrySetResult();
            }
            caughtUpWaiters.Clear();
        }
    }

    private static void ValidateRate(long? ratePerSecond)
    {
        if (ratePerSecond is { } value && value <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ratePerSecond), value, "The rate must be positive (null for no limit).");
        }
    }
}

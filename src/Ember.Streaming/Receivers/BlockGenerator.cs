namespace Ember.Streaming.Receivers;

/// <summary>
/// Collects the records a receiver stores one by one and calls for a cut at every multiple of the block interval on
/// the context's clock (Spark's BlockGenerator). It only buffers: the owner (<see cref="ReceivedBlocks{T}"/>) takes
/// the buffered records as a block on each tick (<c>cut</c>) and whenever it needs them.
/// </summary>
/// <remarks>
/// Every operation holds <see cref="gate"/> briefly and calls nothing outside, so the timer callback (run inside a fake
/// clock's <c>Advance</c>), the receiver's threads and the batch generator never wait on each other for long. The
/// timer is created and disposed outside the gate, so that a clock holding its own lock while firing cannot deadlock
/// with us.
/// </remarks>
/// <param name="clock">The context's clock.</param>
/// <param name="blockInterval">How often records are cut into a block.</param>
/// <param name="cut">Called at every block interval (on the clock's timer) to take the buffered records.</param>
internal sealed class BlockGenerator<T>(TimeProvider clock, TimeSpan blockInterval, Action cut)
{
    // Past this capacity the buffer is replaced after a cut rather than cleared, so that one burst does not pin a
    // large array for the receiver's lifetime.
    private const int KeptCapacity = 16 * 1024;
    private readonly Lock gate = new();
    private List<T> current = [];
    private ITimer? timer;
    private GeneratorState state;

    private enum GeneratorState
    {
        Initialized,
        Active,
        Stopped,
    }

    /// <summary>True when records were added since the last cut.</summary>
    public bool HasRecords
    {
        get
        {
            lock (gate)
            {
                return current.Count > 0;
            }
        }
    }

    /// <summary>True once <see cref="Start"/> or <see cref="Stop"/> was called.</summary>
    public bool HasStarted
    {
        get
        {
            lock (gate)
            {
                return state != GeneratorState.Initialized;
            }
        }
    }

    /// <summary>Starts accepting records and ticking at the multiples of the block interval. Does nothing once stopped.</summary>
    public void Start()
    {
        lock (gate)
        {
            if (state != GeneratorState.Initialized)
            {
                return;
            }
            state = GeneratorState.Active;
        }
        var now = clock.GetUtcNow();
        var due = (Time.From(now).Floor(blockInterval) + blockInterval).ToDateTimeOffset() - now;
        var created = clock.CreateTimer(static tick => ((Action)tick!)(), cut, due, blockInterval);
        lock (gate)
        {
            if (state == GeneratorState.Active)
            {
                timer = created;
                return;
            }
        }
        created.Dispose();
    }

    /// <summary>Adds a record to the block being filled; false when stopped. Throws before <see cref="Start"/>.</summary>
    public bool TryAdd(T item)
    {
        lock (gate)
        {
            if (!Accepting())
            {
                return false;
            }
            current.Add(item);
            return true;
        }
    }

    /// <summary>
    /// Takes the records added since the last cut (an empty array when there are none). With
    /// <paramref name="onlyWhileAccepting"/>, null once stopped, and throws before <see cref="Start"/>, as
    /// <see cref="TryAdd"/> does.
    /// </summary>
    public T[]? TakeRecords(bool onlyWhileAccepting = false)
    {
        lock (gate)
        {
            if (onlyWhileAccepting && !Accepting())
            {
                return null;
            }
            if (current.Count == 0)
            {
                return [];
            }
            T[] records = [.. current];
            if (current.Capacity > KeptCapacity)
            {
                current = [];
            }
            else
            {
                current.Clear();
            }
            return records;
        }
    }

    /// <summary>Puts taken records back ahead of those added since, for the next cut (their block could not be stored).</summary>
    public void PutBack(T[] records)
    {
        lock (gate)
        {
            current.InsertRange(0, records);
        }
    }

    /// <summary>Stops accepting records and ticking; records not taken stay for <see cref="TakeRecords"/>. Idempotent.</summary>
    public void Stop()
    {
        ITimer? stopped;
        lock (gate)
        {
            state = GeneratorState.Stopped;
            stopped = timer;
            timer = null;
        }
        stopped?.Dispose();
    }

    private bool Accepting() => state switch
    {
        GeneratorState.Active => true,
        GeneratorState.Stopped => false,
        _ => throw new InvalidOperationException("The receiver has not been started: records can be stored once the streaming context has started it."),
    };
}

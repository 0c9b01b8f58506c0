namespace Ember.Streaming.Receivers;

/// <summary>Records a receiver stored together: one partition of a batch. <paramref name="Metadata"/> is what the receiver stored it with.</summary>
internal sealed record Block<T>(T[] Records, object? Metadata);

/// <summary>
/// Collects what a receiver stores and cuts it into blocks every block interval on the context's clock (Spark's
/// BlockGenerator). Cut blocks wait here until a batch takes them (<see cref="TakeAll"/>).
/// </summary>
/// <remarks>
/// Every operation holds <see cref="gate"/> briefly and calls nothing outside, so the timer callback (run inside a fake
/// clock's <c>Advance</c>), the receiver's threads and the batch generator never wait on each other for long. The
/// timer is created and disposed outside the gate, so that a clock holding its own lock while firing cannot deadlock
/// with us.
/// </remarks>
internal sealed class BlockGenerator<T>(TimeProvider clock, TimeSpan blockInterval)
{
    private readonly Lock gate = new();
    // Past this capacity the list being filled is replaced after a cut rather than cleared, so that one burst does
    // not pin a large array for the receiver's lifetime.
    private const int KeptCapacity = 16 * 1024;
    private List<T> current = [];
    private readonly List<Block<T>> ready = [];
    private readonly List<(long Count, TaskCompletionSource Done)> storedWaiters = [];
    private ITimer? timer;
    private GeneratorState state;
    private long stored;

    private enum GeneratorState
    {
        Initialized,
        Active,
        Stopped,
    }

    /// <summary>True when records were stored that no batch has taken yet.</summary>
    public bool HasPendingData
    {
        get
        {
            lock (gate)
            {
                return current.Count > 0 || ready.Count > 0;
            }
        }
    }

    /// <summary>Records accepted since the start.</summary>
    public long StoredRecords
    {
        get
        {
            lock (gate)
            {
                return stored;
            }
        }
    }

    /// <summary>Starts accepting records and cutting blocks at the multiples of the block interval.</summary>
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
        var created = clock.CreateTimer(static self => ((BlockGenerator<T>)self!).Cut(), this, due, blockInterval);
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
            Stored(1);
            return true;
        }
    }

    /// <summary>Adds <paramref name="records"/> as a block of its own, after the records added before; false when stopped.</summary>
    public bool TryAddBlock(T[] records, object? metadata)
    {
        lock (gate)
        {
            if (!Accepting())
            {
                return false;
            }
            CutLocked();
            ready.Add(new Block<T>(records, metadata));
            Stored(records.Length);
            return true;
        }
    }

    /// <summary>Cuts the block being filled (the timer's tick).</summary>
    public void Cut()
    {
        lock (gate)
        {
            CutLocked();
        }
    }

    /// <summary>Cuts the block being filled, then hands over every block not taken yet, in the order stored.</summary>
    public Block<T>[] TakeAll()
    {
        lock (gate)
        {
            CutLocked();
            if (ready.Count == 0)
            {
                return [];
            }
            var taken = ready.ToArray();
            ready.Clear();
            return taken;
        }
    }

    /// <summary>Stops accepting records and cuts the last block; blocks not taken stay for <see cref="TakeAll"/>. Idempotent.</summary>
    public void Stop()
    {
        ITimer? stopped;
        lock (gate)
        {
            state = GeneratorState.Stopped;
            CutLocked();
            stopped = timer;
            timer = null;
        }
        stopped?.Dispose();
    }

    /// <summary>Completes once <paramref name="count"/> records were accepted in all (lets tests wait for a receiver's thread).</summary>
    public Task WhenStored(long count)
    {
        lock (gate)
        {
            if (stored >= count)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            storedWaiters.Add((count, done));
            return done.Task;
        }
    }

    private bool Accepting() => state switch
    {
        GeneratorState.Active => true,
        GeneratorState.Stopped => false,
        _ => throw new InvalidOperationException("The receiver has not been started: records can be stored once the streaming context has started it."),
    };

    private void CutLocked()
    {
        if (current.Count > 0)
        {
            ready.Add(new Block<T>([.. current], null));
            if (current.Capacity > KeptCapacity)
            {
                current = [];
            }
            else
            {
                current.Clear();
            }
        }
    }

    private void Stored(int count)
    {
        stored += count;
        if (storedWaiters.Count > 0)
        {
            var total = stored;
            storedWaiters.RemoveAll(waiter =>
            {
                if (waiter.Count > total)
                {
                    return false;
                }
                waiter.Done.TrySetResult();
                return true;
            });
        }
    }
}

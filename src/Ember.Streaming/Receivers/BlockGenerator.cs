using System.Runtime.ExceptionServices;
using Ember.Streaming.Receivers.WriteAheadLog;

namespace Ember.Streaming.Receivers;

/// <summary>
/// Collects what a receiver stores and cuts it into blocks every block interval on the context's clock (Spark's
/// BlockGenerator). Cut blocks wait here until a batch takes them (<see cref="TakeAll"/>). With a write-ahead log
/// (<see cref="UseLog"/>), a block is appended to the log, durably, before it waits here: a block a batch takes is
/// always in the log.
/// </summary>
/// <remarks>
/// Every operation holds <see cref="gate"/> briefly and calls nothing outside, so the timer callback (run inside a fake
/// clock's <c>Advance</c>), the receiver's threads and the batch generator never wait on each other for long. The
/// timer is created and disposed outside the gate, so that a clock holding its own lock while firing cannot deadlock
/// with us. With a log, cutting and adding blocks also hold <see cref="appending"/> (taken before <see cref="gate"/>,
/// never inside it) across the append, so blocks enter the ready list in the order they were logged and batches take
/// them as a prefix of the log; <see cref="TryAdd"/> never waits for a disk. The clock is read before
/// <see cref="appending"/> is taken.
/// </remarks>
internal sealed class BlockGenerator<T>(TimeProvider clock, TimeSpan blockInterval, Action<string, Exception>? reportError = null)
{
    private readonly Lock gate = new();
    private readonly Lock appending = new();
    // Past this capacity the list being filled is replaced after a cut rather than cleared, so that one burst does
    // not pin a large array for the receiver's lifetime.
    private const int KeptCapacity = 16 * 1024;
    private List<T> current = [];
    private readonly List<Block<T>> ready = [];
    private readonly List<(long Count, TaskCompletionSource Done)> storedWaiters = [];
    private ITimer? timer;
    private GeneratorState state;
    private long stored;
    private ReceivedBlockLog<T>? log;
    private StoredMetadata? lastMetadata;

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

    /// <summary>The metadata of the last block stored with some (with a log: the last one logged, possibly by an earlier run).</summary>
    public StoredMetadata? LastMetadata
    {
        get
        {
            lock (gate)
            {
                return lastMetadata;
            }
        }
    }

    /// <summary>
    /// Logs every block from now on in <paramref name="writeAheadLog"/>. <paramref name="recovered"/>, blocks logged by an
    /// earlier run that no batch took, wait for the next batch ahead of anything stored now; <paramref name="metadata"/>
    /// is the last metadata that run stored. Called once, before <see cref="Start"/>.
    /// </summary>
    public void UseLog(ReceivedBlockLog<T> writeAheadLog, IEnumerable<Block<T>> recovered, StoredMetadata? metadata)
    {
        lock (appending)
        {
            lock (gate)
            {
                if (state != GeneratorState.Initialized)
                {
                    throw new InvalidOperationException("The write-ahead log must be set before the block generator starts.");
                }
                log = writeAheadLog;
                ready.AddRange(recovered);
                lastMetadata = metadata;
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

    /// <summary>
    /// Adds <paramref name="records"/> as a block of its own, after the records added before; false when stopped. With
    /// a log, both that partial block and this one are logged (fsync'd) before it returns; a failure to log throws, and
    /// leaves this block unstored.
    /// </summary>
    public bool TryAddBlock(T[] records, object? metadata)
    {
        if (Volatile.Read(ref log) is null)
        {
            lock (gate)
            {
                if (!Accepting())
                {
                    return false;
                }
                CutLocked();
                ready.Add(new Block<T>(records, metadata));
                Accepted(records.Length, metadata is null ? null : new StoredMetadata(null, metadata, null));
                return true;
            }
        }
        var now = clock.GetUtcNow();
        lock (appending)
        {
            var (accepting, failure) = LogPartialBlock(now, checkAccepting: true);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
            if (!accepting)
            {
                return false;
            }
            // Stop also takes appending, so the generator is still accepting here.
            var block = log!.Append(records, metadata, now);
            lock (gate)
            {
                ready.Add(block);
                Accepted(records.Length, metadata is null ? null : new StoredMetadata(block.Sequence, metadata, block.SerializedMetadata));
            }
            return true;
        }
    }

    /// <summary>Cuts the block being filled (the timer's tick); with a log, logs it (a failure is reported and the records wait for the next cut).</summary>
    public void Cut()
    {
        if (Volatile.Read(ref log) is null)
        {
            lock (gate)
            {
                CutLocked();
            }
            return;
        }
        var now = clock.GetUtcNow();
        Exception? failure;
        lock (appending)
        {
            (_, failure) = LogPartialBlock(now);
        }
        Report(failure);
    }

    /// <summary>Cuts the block being filled, then hands over every block not taken yet, in the order stored (and logged).</summary>
    public Block<T>[] TakeAll()
    {
        var logged = Volatile.Read(ref log) is not null;
        var now = logged ? clock.GetUtcNow() : default;
        Exception? failure = null;
        Block<T>[] taken;
        lock (appending)
        {
            if (logged)
            {
                // A partial block that cannot be logged stays for a later batch rather than failing this one.
                (_, failure) = LogPartialBlock(now);
            }
            lock (gate)
            {
                if (!logged)
                {
                    CutLocked();
                }
                taken = ready.Count == 0 ? [] : [.. ready];
                ready.Clear();
            }
        }
        Report(failure);
        return taken;
    }

    /// <summary>Stops accepting records and cuts (and logs) the last block; blocks not taken stay for <see cref="TakeAll"/>. Idempotent.</summary>
    public void Stop()
    {
        ITimer? stopped;
        Exception? failure = null;
        var logged = Volatile.Read(ref log) is not null;
        var now = logged ? clock.GetUtcNow() : default;
        lock (appending)
        {
            lock (gate)
            {
                state = GeneratorState.Stopped;
                if (!logged)
                {
                    CutLocked();
                }
                stopped = timer;
                timer = null;
            }
            if (logged)
            {
                (_, failure) = LogPartialBlock(now);
            }
        }
        stopped?.Dispose();
        Report(failure);
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
            ready.Add(new Block<T>(TakeCurrentLocked(), null));
        }
    }

    private T[] TakeCurrentLocked()
    {
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

    /// <summary>
    /// Logs the records stored one by one since the last cut as a block and makes it ready; the caller holds
    /// <see cref="appending"/>. Not accepting when <paramref name="checkAccepting"/> and the generator is stopped. On a
    /// failure the records go back to the front of the block being filled, for the next cut, and the error is
    /// returned: the caller reports or throws it once it released its locks (reporting reads the clock).
    /// </summary>
    private (bool Accepting, Exception? Failure) LogPartialBlock(DateTimeOffset now, bool checkAccepting = false)
    {
        T[] partial;
        lock (gate)
        {
            if (checkAccepting && !Accepting())
            {
                return (false, null);
            }
            if (current.Count == 0)
            {
                return (true, null);
            }
            partial = TakeCurrentLocked();
        }
        try
        {
            var block = log!.Append(partial, null, now);
            lock (gate)
            {
                ready.Add(block);
            }
            return (true, null);
        }
        catch (Exception error)
        {
            lock (gate)
            {
                current.InsertRange(0, partial);
            }
            return (true, error);
        }
    }

    private void Report(Exception? failure)
    {
        if (failure is not null)
        {
            reportError?.Invoke("Cannot write a block of records stored one by one to the write-ahead log; they wait for the next cut", failure);
        }
    }

    private void Accepted(int count, StoredMetadata? metadata)
    {
        if (metadata is not null)
        {
            lastMetadata = metadata;
        }
        Stored(count);
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

using System.Runtime.ExceptionServices;
using Ember.Streaming.Receivers.WriteAheadLog;

namespace Ember.Streaming.Receivers;

/// <summary>
/// What a receiver stored, on its way to a batch: records stored one by one wait in the <see cref="BlockGenerator{T}"/>
/// until a cut; every block, cut or stored whole, goes through the <see cref="IReceivedBlockHandler{T}"/> (in memory,
/// or the write-ahead log first) and then waits here, in the order stored, until a batch takes it (<see cref="TakeAll"/>).
/// </summary>
/// <remarks>
/// Cutting, storing a block and taking blocks hold <see cref="appending"/> (taken before <see cref="gate"/>, never
/// inside it) across the handler's call, so blocks wait here in the order they were stored and batches take them as a
/// prefix of the log; <see cref="TryAdd"/> never waits for a disk. The clock is read before <see cref="appending"/> is
/// taken, and the generator's timer is disposed outside it, so that a fake clock firing a cut never waits for us.
/// <see cref="gate"/> guards the blocks waiting, the count and the last metadata, and calls nothing outside.
/// </remarks>
internal sealed class ReceivedBlocks<T>
{
    private readonly TimeProvider clock;
    private readonly BlockGenerator<T> generator;
    private readonly Action<string, Exception>? reportError;
    private readonly Action<Block<T>>? forward;
    private readonly Lock appending = new();
    private readonly Lock gate = new();
    private readonly List<Block<T>> ready = [];
    private IReceivedBlockHandler<T> handler = InMemoryBlockHandler<T>.Instance;
    private StoredMetadata? lastMetadata;

    /// <param name="clock">The context's clock.</param>
    /// <param name="blockInterval">How often records stored one by one are cut into a block.</param>
    /// <param name="reportError">Reports a cut block that could not be stored (its records wait for the next cut).</param>
    /// <param name="forward">
    /// When set, each stored block goes there at once, in the order stored, instead of waiting here (a receiver on an
    /// executor reports it to the driver); a throw counts as a failure to store it.
    /// </param>
    public ReceivedBlocks(TimeProvider clock, TimeSpan blockInterval, Action<string, Exception>? reportError = null, Action<Block<T>>? forward = null)
    {
        this.clock = clock;
        this.reportError = reportError;
        this.forward = forward;
        generator = new BlockGenerator<T>(clock, blockInterval, Tick);
    }

    /// <summary>True when records were stored that no batch has taken yet.</summary>
    public bool HasPendingData
    {
        get
        {
            // Under appending no block is between the generator and the waiting list.
            lock (appending)
            {
                lock (gate)
                {
                    return ready.Count > 0 || generator.HasRecords;
                }
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
            if (generator.HasStarted)
            {
                throw new InvalidOperationException("The write-ahead log must be set before the block generator starts.");
            }
            handler = new WriteAheadLogBlockHandler<T>(writeAheadLog);
            lock (gate)
            {
                ready.AddRange(recovered);
                lastMetadata = metadata;
            }
        }
    }

    /// <summary>Starts accepting records and cutting blocks at the multiples of the block interval.</summary>
    public void Start() => generator.Start();

    /// <summary>Adds a record to the block being filled; false when stopped. Throws before <see cref="Start"/>.</summary>
    public bool TryAdd(T item) => generator.TryAdd(item);

    /// <summary>
    /// Adds <paramref name="records"/> as a block of its own, after the records added before; false when stopped. Both
    /// that partial block and this one are stored (with a log: fsync'd) before it returns; a failure to store either
    /// throws, and leaves this block unstored.
    /// </summary>
    public bool TryAddBlock(T[] records, object? metadata)
    {
        var now = clock.GetUtcNow();
        lock (appending)
        {
            var (accepting, failure) = StorePartialBlock(now, onlyWhileAccepting: true);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
            if (!accepting)
            {
                return false;
            }
            // A concurrent Stop waits for appending to cut the last block, so this one is stored before Stop returns.
            var block = handler.StoreBlock(records, metadata, now);
            forward?.Invoke(block);
            lock (gate)
            {
                if (forward is null)
                {
                    ready.Add(block);
                }
                if (metadata is not null)
                {
                    lastMetadata = new StoredMetadata(block.Sequence, metadata, block.SerializedMetadata);
                }
            }
            return true;
        }
    }

    /// <summary>Cuts the block being filled (the timer's tick); a block that cannot be stored is reported and its records wait for the next cut.</summary>
    public void Cut()
    {
        var now = clock.GetUtcNow();
        Exception? failure;
        lock (appending)
        {
            (_, failure) = StorePartialBlock(now);
        }
        Report(failure);
    }

    /// <summary>
    /// The timer's cut: skipped when a block is being stored (its records wait for the next tick), so that the timer's
    /// pool thread never waits for a disk or a replica behind <see cref="appending"/>, where waiting ticks would pile
    /// up and starve the process's thread pool.
    /// </summary>
    private void Tick()
    {
        var now = clock.GetUtcNow();
        if (!appending.TryEnter())
        {
            return;
        }
        Exception? failure;
        try
        {
            (_, failure) = StorePartialBlock(now);
        }
        finally
        {
            appending.Exit();
        }
        Report(failure);
    }

    /// <summary>Cuts the block being filled, then hands over every block not taken yet, in the order stored.</summary>
    public Block<T>[] TakeAll()
    {
        var now = clock.GetUtcNow();
        Exception? failure;
        Block<T>[] taken;
        lock (appending)
        {
            // A partial block that cannot be stored stays for a later batch rather than failing this one.
            (_, failure) = StorePartialBlock(now);
            lock (gate)
            {
                taken = ready.Count == 0 ? [] : [.. ready];
                ready.Clear();
            }
        }
        Report(failure);
        return taken;
    }

    /// <summary>Stops accepting records and cuts (and stores) the last block; blocks not taken stay for <see cref="TakeAll"/>. Idempotent.</summary>
    public void Stop()
    {
        generator.Stop();
        Cut();
    }

    /// <summary>
    /// Stores the records added one by one since the last cut as a block and makes it wait for a batch; the caller
    /// holds <see cref="appending"/>. Not accepting when <paramref name="onlyWhileAccepting"/> and the generator is
    /// stopped. On a failure the records go back to the generator, for the next cut, and the error is returned: the
    /// caller reports or throws it once it released its locks (reporting reads the clock).
    /// </summary>
    private (bool Accepting, Exception? Failure) StorePartialBlock(DateTimeOffset now, bool onlyWhileAccepting = false)
    {
        var partial = generator.TakeRecords(onlyWhileAccepting);
        if (partial is null)
        {
            return (false, null);
        }
        if (partial.Length == 0)
        {
            return (true, null);
        }
        try
        {
            var block = handler.StoreBlock(partial, null, now);
            if (forward is not null)
            {
                forward(block);
                return (true, null);
            }
            lock (gate)
            {
                ready.Add(block);
            }
            return (true, null);
        }
        catch (Exception error)
        {
            generator.PutBack(partial);
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
}

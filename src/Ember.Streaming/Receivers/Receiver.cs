using System.Diagnostics.CodeAnalysis;

namespace Ember.Streaming.Receivers;

/// <summary>
/// A source that pushes records into the engine (Spark's <c>Receiver</c>): a socket reader, a message-queue consumer,
/// a callback API. Pass it to <see cref="StreamingContext.ReceiverStream{T}"/>; the context starts it with
/// <see cref="OnStart"/> when it starts and stops it with <see cref="OnStop"/> when it stops. What it hands to
/// <c>Store</c> is cut into blocks every <see cref="StreamingOptions.BlockInterval"/>, and the blocks cut before a
/// batch is generated become that batch's partitions, one partition per block.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="OnStart"/> must not block: start a dedicated thread (or a <see cref="TaskCreationOptions.LongRunning"/>
/// task) for a blocking read loop, pass it <see cref="StoppingToken"/> read in <see cref="OnStart"/> (each start has
/// its own token), and let it end when the token fires. <see cref="OnStop"/> releases what <see cref="OnStart"/>
/// took (close the connection, wait for the thread).
/// </para>
/// <para>
/// <c>Store</c>, <see cref="ReportError"/>, <see cref="Restart"/> and <see cref="Stop"/> may be called from any
/// thread, including the receiver's own: restarting and stopping run asynchronously and never wait for the caller.
/// A record stored before a batch is generated is in that batch or an earlier one, exactly once. Records stored once
/// the receiver is stopped for good are dropped (and logged), so a loop that stores a last record while stopping does
/// not fail.
/// </para>
/// <para>
/// A receiver instance serves one stream of one context. On a cluster master it runs on an executor: the instance
/// given to the stream is copied there in its task's data (and copied again when it starts again on another executor
/// after its executor was lost), so its fields must be plain settings (numbers, strings, records of them), as Spark's
/// receivers must be <c>Serializable</c>; create connections and threads in <see cref="OnStart"/>.
/// </para>
/// <para>
/// Reliability (Spark's reliable receivers): with <see cref="StreamingOptions.WriteAheadLog"/>, <c>Store(items)</c> and
/// <c>Store(items, metadata)</c> return only once their block is in the write-ahead log, on disk; a receiver that
/// acknowledges its source (commits an offset, acks a message) only after they return loses nothing in a crash: the
/// logged blocks are replayed after the restart. An exactly-once receiver stores each chunk with its source position as
/// metadata and, in <see cref="OnStart"/>, resumes from <see cref="TryGetLastStoredMetadata{TMetadata}"/>: the
/// position of the last chunk logged, restored from the log after a crash. <c>Store(item)</c> is not reliable: its
/// record is logged only when its block is cut, so it may be lost if the process dies before.
/// </para>
/// </remarks>
/// <typeparam name="T">The records received.</typeparam>
public abstract class Receiver<T>
{
    private ReceiverSupervisor<T>? supervisor;

    /// <summary>True from a successful start until a stop or restart is requested.</summary>
    public bool IsStarted => supervisor?.IsStarted ?? false;

    /// <summary>True once a stop or restart was requested, until the receiver is started again (never before the first start).</summary>
    public bool IsStopped => supervisor?.IsStopped ?? false;

    /// <summary>The id of the input stream this receiver feeds (its <see cref="DStream.Id"/>). Throws before the receiver is given to a stream.</summary>
    public int StreamId => Attached.StreamId;

    /// <summary>
    /// Fires when the current run of the receiver must end: on <see cref="Stop"/>, on <see cref="Restart"/> and when
    /// the context stops. Each start gets a new token, so read it in <see cref="OnStart"/> and hand it to the thread it
    /// starts. <see cref="CancellationToken.None"/> before the receiver is given to a stream.
    /// </summary>
    public CancellationToken StoppingToken => supervisor?.StoppingToken ?? CancellationToken.None;

    /// <summary>
    /// The context's clock (<see cref="StreamingOptions.TimeProvider"/>): wait on it for back-offs and polls, so that a
    /// fake clock drives them in tests. <see cref="System.TimeProvider.System"/> before the receiver is given to a stream.
    /// </summary>
    protected TimeProvider TimeProvider => supervisor?.Clock ?? TimeProvider.System;

    internal bool IsAttached => Volatile.Read(ref supervisor) is not null;

    private ReceiverSupervisor<T> Attached => Volatile.Read(ref supervisor)
        ?? throw new InvalidOperationException($"{GetType().Name} is not attached to a stream: pass it to StreamingContext.ReceiverStream first.");

    /// <summary>
    /// Starts receiving; called when the context starts and again after each <see cref="Restart"/>. Must return
    /// promptly: start a thread or long-running task for blocking reads. An exception stops the receiver for good
    /// (listeners get <c>OnReceiverStopped</c> with the error).
    /// </summary>
    protected abstract void OnStart();

    /// <summary>
    /// Stops receiving and releases what <see cref="OnStart"/> took; called when the context stops, on
    /// <see cref="Stop"/> and before each restart, after <see cref="StoppingToken"/> fired. Records stored until it
    /// returns are kept. An exception is logged and ignored.
    /// </summary>
    protected abstract void OnStop();

    /// <summary>
    /// Stores one record; it goes into the block being filled, cut every <see cref="StreamingOptions.BlockInterval"/>.
    /// With a rate limit (<see cref="ReceiverOptions.MaxRatePerSecond"/>, or backpressure's current rate), blocks the
    /// caller until the rate allows the record.
    /// Throws <see cref="InvalidOperationException"/> before the context started the receiver.
    /// Not reliable, as in Spark: with <see cref="StreamingOptions.WriteAheadLog"/> the record is logged only when its
    /// block is cut, after this returns, so a crash before that loses it; a receiver that acknowledges its source uses
    /// <see cref="Store(IEnumerable{T}, object?)"/>.
    /// </summary>
    public void Store(T item) => Attached.Store(item);

    /// <summary>
    /// Stores <paramref name="items"/> as one block (one partition of the next batch), in order. Same as
    /// <c>Store(items, null)</c>: reliable with <see cref="StreamingOptions.WriteAheadLog"/> (durable when it returns).
    /// </summary>
    public void Store(IEnumerable<T> items) => Store(items, null);

    /// <summary>
    /// Stores <paramref name="items"/> as one block (one partition of the next batch), in order, after the records
    /// stored one by one before it; <paramref name="metadata"/> travels with the block. The items are copied before
    /// the call returns. An empty sequence stores nothing (its metadata is not kept). With a rate limit (<see cref="ReceiverOptions.MaxRatePerSecond"/>,
    /// or backpressure's current rate), the call waits for the first record's turn and uses up one turn per record.
    /// </summary>
    /// <remarks>
    /// With <see cref="StreamingOptions.WriteAheadLog"/>, the block (and the records stored one by one before it, as a
    /// block of their own) is appended to the write-ahead log and flushed to disk before the call returns: once it
    /// returns, the block reaches a batch even if the process dies, so the receiver may acknowledge its source. The
    /// records and <paramref name="metadata"/> are serialized with the context's <see cref="Ember.Serialization.ISerializer"/>
    /// (metadata as its runtime type; keep it small: the last one is also copied into every checkpoint). Throws the
    /// serializer's or the disk's exception when the block cannot be logged; nothing was stored then. Records stored
    /// once the receiver is stopped for good are dropped (as without a log) and do not change
    /// <see cref="TryGetLastStoredMetadata{TMetadata}"/>.
    /// </remarks>
    public void Store(IEnumerable<T> items, object? metadata)
    {
        ArgumentNullException.ThrowIfNull(items);
        Attached.Store(items, metadata);
    }

    /// <summary>
    /// The metadata of the last block stored with non-null metadata through <see cref="Store(IEnumerable{T}, object?)"/>,
    /// as a <typeparamref name="TMetadata"/>; false when there is none (or before the receiver is given to a stream).
    /// With <see cref="StreamingOptions.WriteAheadLog"/>, it is the last one written to the log, also by an earlier run
    /// of the program: after a crash, it is restored (from the log and the checkpoint) before <see cref="OnStart"/>, so
    /// a reliable receiver resumes its source just after the last chunk it stored, and neither loses nor repeats one.
    /// Without the log, only metadata stored by this process is known.
    /// </summary>
    /// <remarks>
    /// Metadata stored by this process is returned as the object stored when it is a <typeparamref name="TMetadata"/>;
    /// restored metadata is deserialized as <typeparamref name="TMetadata"/> with the context's serializer (use the type
    /// it was stored as, or one with the same members).
    /// </remarks>
    /// <exception cref="InvalidCastException">The metadata stored by this process is not a <typeparamref name="TMetadata"/> and was not logged.</exception>
    /// <exception cref="Ember.Serialization.EmberSerializationException">Restored metadata cannot be read as a <typeparamref name="TMetadata"/>.</exception>
    public bool TryGetLastStoredMetadata<TMetadata>([MaybeNullWhen(false)] out TMetadata metadata)
    {
        if (Volatile.Read(ref supervisor) is not { LastMetadata: { } last } owner)
        {
            metadata = default;
            return false;
        }
        metadata = last.As<TMetadata>(owner.Serializer);
        return true;
    }

    /// <summary>
    /// Restarts the receiver asynchronously: <see cref="StoppingToken"/> fires now, then <see cref="OnStop"/> runs,
    /// then <see cref="OnStart"/> once <paramref name="delay"/> (default <see cref="StreamingOptions.ReceiverRestartDelay"/>),
    /// counted on the context's clock from this call, has passed. Records stored meanwhile are kept. Ignored while a
    /// restart is pending and once the receiver is stopped. Listeners get <c>OnReceiverStopped</c> (with
    /// <paramref name="message"/> as the last error) and then <c>OnReceiverStarted</c>.
    /// </summary>
    public void Restart(string message, Exception? error = null, TimeSpan? delay = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (delay is { } wait && wait < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(delay), wait, "The restart delay cannot be negative.");
        }
        Attached.Restart(message, error, delay);
    }

    /// <summary>
    /// Reports a problem the receiver recovers from itself (it keeps running): the error is logged, kept as the
    /// receiver's last error and posted to listeners as <c>OnReceiverError</c>.
    /// </summary>
    public void ReportError(string message, Exception? error)
    {
        ArgumentNullException.ThrowIfNull(message);
        Attached.ReportError(message, error);
    }

    /// <summary>
    /// Stops the receiver for good, asynchronously: <see cref="StoppingToken"/> fires now, then <see cref="OnStop"/>
    /// runs and listeners get <c>OnReceiverStopped</c> (with <paramref name="error"/>, if any, as the last error). The
    /// stream keeps producing batches: the records already stored, then empty ones. Idempotent.
    /// </summary>
    public void Stop(string message, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        Attached.Stop(message, error);
    }

    // The supervisor calls these; OnStart and OnStop stay protected (not protected internal) so that overriding them
    // reads the same in every assembly, including those that see Ember.Streaming's internals.
    internal void InvokeStart() => OnStart();

    internal void InvokeStop() => OnStop();

    /// <param name="owner">The supervisor that runs the receiver from now on.</param>
    /// <param name="again">
    /// On an executor, a copy of the receiver that ran before in this process (a retried receiver task) may be
    /// attached again once its earlier supervisor stopped it for good.
    /// </param>
    internal void Attach(ReceiverSupervisor<T> owner, bool again = false)
    {
        var previous = Volatile.Read(ref supervisor);
        if (again && previous is { IsStopped: true } && Interlocked.CompareExchange(ref supervisor, owner, previous) == previous)
        {
            return;
        }
        if (Interlocked.CompareExchange(ref supervisor, owner, null) is not null)
        {
            throw new ArgumentException($"{GetType().Name} already feeds a stream; create one receiver per stream.", "receiver");
        }
    }
}

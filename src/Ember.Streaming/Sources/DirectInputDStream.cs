using System.Text.Json.Nodes;
using Ember.Streaming.DStreams;
using Ember.Streaming.Listener;
using Ember.Streaming.RateControl;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Sources;

/// <summary>
/// The public contract of a source (Spark's direct streams, for any system): on the driver, the stream decides each
/// batch's <em>allocation</em>, plain data that says exactly what the batch reads (offset ranges, file paths, block
/// ids); the batch's tasks read it with the stream's <see cref="Reader"/>, on any process, as often as needed. The
/// engine records every allocation by batch time, saves them in checkpoints, and hands a recovered batch its original
/// allocation, so a batch replayed after a crash reads exactly what it read before.
/// </summary>
/// <typeparam name="TAllocation">
/// What one batch reads: small, immutable plain data (a record of strings, numbers and lists of them), enough on its
/// own to read the batch again. It must round-trip through System.Text.Json (checkpoints keep it as JSON) and through
/// the context's serializer (MessagePack, contractless: tasks carry it in cluster mode); a positional record does both.
/// </typeparam>
/// <typeparam name="T">The records of the stream.</typeparam>
/// <remarks>
/// <para>
/// Life of a batch: at each batch time, before the batch's jobs are built, the engine calls <see cref="Allocate"/>
/// once, in time order, one call at a time; the batch's RDD has <see cref="SourceReader{TAllocation, T}.PartitionCount"/>
/// partitions, each read by <see cref="SourceReader{TAllocation, T}.Read"/> in a task. When the batch's output
/// operations have completed, <see cref="OnBatchCompleted"/> is called (commit there, if the system keeps consumer
/// positions); once the batch is completed and older than the stream remembers, its allocation is forgotten
/// (<see cref="OnForgotten"/>). A batch whose allocation is needed after it was forgotten fails with an
/// <see cref="InvalidOperationException"/> naming the stream and the batch time: it is never silently empty.
/// </para>
/// <para>
/// Recovery (<see cref="StreamingContext.GetOrCreate"/>): the stream is found in the checkpoint by its checkpoint id
/// (<c>WithName</c>, else its operation and rank); <see cref="OnRestored"/> receives the remembered allocations, oldest
/// first, before <see cref="InputDStream{T}.Start"/>, and the source goes on after the last one (for a log: from the
/// end offsets of the last allocation). A batch the checkpoint knows is never allocated again.
/// </para>
/// <para>
/// Backpressure (<see cref="StreamingOptions.BackpressureEnabled"/>): the stream gets a rate controller on the
/// listener bus (Spark's PID estimator over its completed batches, which needs <see cref="CountRecords"/>), and
/// <see cref="Allocate"/> keeps each batch within <see cref="BackpressureRate"/>.
/// </para>
/// <para>
/// Not stateful; no shuffle; nothing here needs a checkpoint directory (without one, allocations live in memory only).
/// </para>
/// </remarks>
public abstract class DirectInputDStream<TAllocation, T> : InputDStream<T>
    where TAllocation : notnull
{
    // One allocation at a time, in time order. Held while Allocate runs (which may wait for an unreachable system),
    // so it guards nothing the checkpoint or listeners read: those go to the ledger, which has its own lock.
    private readonly Lock allocating = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly AllocationLedger<TAllocation> ledger;

    /// <summary>Creates the source in <paramref name="context"/> (before it starts) and registers it with the graph.</summary>
    /// <param name="context">The streaming context.</param>
    /// <param name="operation">What made the stream (<c>"LogDirectoryStream"</c>), shown in logs and the UI, and the base of its checkpoint id.</param>
    /// <param name="reader">How tasks read an allocation: settings only, no reference to driver objects.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A backpressure option of the context is out of range.</exception>
    /// <exception cref="InvalidOperationException">The context has already started or stopped.</exception>
    protected DirectInputDStream(StreamingContext context, string operation, SourceReader<TAllocation, T> reader)
        : this(context, operation, reader, PullEstimator(context))
    {
    }

    /// <param name="context">The streaming context.</param>
    /// <param name="operation">What made the stream.</param>
    /// <param name="reader">How tasks read an allocation.</param>
    /// <param name="estimator">With backpressure, the estimator of a pull controller; null for none (receivers push their rate instead).</param>
    private protected DirectInputDStream(StreamingContext context, string operation, SourceReader<TAllocation, T> reader, IRateEstimator? estimator)
        : base(context, operation)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        ArgumentNullException.ThrowIfNull(reader);
        Reader = reader;
        ledger = new AllocationLedger<TAllocation>(this);
        if (estimator is not null)
        {
            var controller = new PullRateController(Id, estimator, context.Options.BackpressureInitialRate);
            PullController = controller;
            context.AddStreamingListener(controller);
        }
    }

    /// <summary>How the tasks of every batch read their allocation.</summary>
    public SourceReader<TAllocation, T> Reader { get; }

    /// <summary>
    /// What the batch of <paramref name="batchTime"/> reads, as decided by <see cref="Allocate"/> (or restored from a
    /// checkpoint). Never allocates.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch was never allocated, or its allocation was forgotten; the message names the stream and the time.</exception>
    public TAllocation AllocationAt(Time batchTime) => ledger.Get(batchTime);

    /// <summary>
    /// Decides, on the driver, what the batch of <paramref name="batchTime"/> reads: from where the previous batch's
    /// allocation ended (or the start, for the first) to what is available now, within any rate limit. Called once
    /// per batch time, in time order, one call at a time, before the batch's jobs are built; it may block (a broker
    /// round trip), watching <paramref name="cancellationToken"/>, which fires when the source stops (a graceful stop
    /// stops sources before it allocates its last batch, for the data they hold). An exception fails the batch
    /// (reported through <see cref="StreamingContext.AwaitTerminationAsync"/>), except an
    /// <see cref="OperationCanceledException"/> while the context stops, which drops the batch quietly.
    /// </summary>
    /// <returns>The allocation, never null: a batch with nothing to read has an allocation that reads nothing.</returns>
    protected abstract TAllocation Allocate(Time batchTime, CancellationToken cancellationToken);

    /// <summary>
    /// With <see cref="StreamingOptions.BackpressureEnabled"/>, the most records per second the next batch should read
    /// (Spark's <c>rateController.getLatestRate</c>): the latest estimate from the stream's completed batches, bounded
    /// below by <see cref="StreamingOptions.BackpressureMinRate"/>, and before the first estimate
    /// <see cref="StreamingOptions.BackpressureInitialRate"/>. Null when nothing bounds the stream: backpressure off, or
    /// no estimate yet and no initial rate. A batch should read at most this rate times the batch interval; estimates
    /// come only from batches whose record count <see cref="CountRecords"/> knows.
    /// </summary>
    protected long? BackpressureRate => PullController?.CurrentRate;

    /// <summary>The number of records <paramref name="allocation"/> holds when known without reading it (listeners, rate control); null (default) when unknown.</summary>
    protected virtual long? CountRecords(TAllocation allocation) => null;

    /// <summary>Extra facts about a batch for listeners and the UI (<see cref="StreamInputInfo.Metadata"/>); null (default) for none. Called only when <see cref="CountRecords"/> is known.</summary>
    protected virtual IReadOnlyDictionary<string, object>? DescribeBatch(Time batchTime, TAllocation allocation) => null;

    /// <summary>
    /// Called once, before <see cref="InputDStream{T}.Start"/>, when the context recovers from a checkpoint that holds
    /// this stream: the allocations it remembered, oldest first (possibly none). Set the source's position after the
    /// last one. Not called on a fresh start.
    /// </summary>
    protected virtual void OnRestored(IReadOnlyList<(Time BatchTime, TAllocation Allocation)> allocations)
    {
    }

    /// <summary>
    /// Called on the driver once the output operations of the batch of <paramref name="batchTime"/> have completed
    /// (Spark's place to commit offsets). An exception fails the context.
    /// </summary>
    protected virtual void OnBatchCompleted(Time batchTime, TAllocation allocation)
    {
    }

    /// <summary>Called when the allocation of a completed batch is forgotten: release what only it held.</summary>
    protected virtual void OnForgotten(Time batchTime, TAllocation allocation)
    {
    }

    /// <summary>
    /// Reports a problem of the source on the driver that does not fail the batch (an unreachable server being
    /// retried): logged as a warning naming the stream, and delivered to listeners as
    /// <see cref="IStreamingListener.OnInputSourceError"/>. Tasks report through <see cref="SourceReadContext.ReportProblem"/>.
    /// </summary>
    /// <param name="message">What happened, for people.</param>
    /// <param name="attempt">How many times this problem was reported so far (1, 2, ...), or 0 for a one-off.</param>
    protected void ReportProblem(string message, int attempt = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        Context.ReportSourceProblem(new SourceProblem(Id, message, attempt));
    }

    /// <summary>With backpressure, the controller behind <see cref="BackpressureRate"/>; else null.</summary>
    internal PullRateController? PullController { get; }

    /// <summary>A source whose allocations a checkpoint should not keep (receivers without a write-ahead log: their blocks die with the process).</summary>
    private protected virtual bool KeepsAllocationsInCheckpoints => true;

    /// <summary>Allocates even when no output reads the stream (receivers, whose buffered data must go somewhere).</summary>
    private protected virtual bool AllocatesWhenUnused => false;

    /// <summary>The allocations the stream remembers, oldest first.</summary>
    private protected IReadOnlyList<(Time BatchTime, TAllocation Allocation)> AllocationsRemembered => ledger.Entries;

    /// <summary>What an internal source keeps in checkpoints besides its allocations; null for nothing.</summary>
    private protected virtual JsonNode? SavePosition() => null;

    /// <summary>Takes back <see cref="SavePosition"/>'s node, before <see cref="OnRestored"/>.</summary>
    private protected virtual void RestorePosition(JsonNode? position)
    {
    }

    private protected sealed override bool IsCheckpointed => true;

    private protected sealed override Rdd<T>? Compute(Time validTime) =>
        new SourceRdd<TAllocation, T>(Context.EmberContext, Operation, Id, validTime, AllocationFor(validTime), Reader);

    private protected sealed override void AllocateBatch(Time time)
    {
        var used = ZeroTime is not null;
        if (!used && !AllocatesWhenUnused)
        {
            return;
        }
        ledger.Replaying(time);
        AllocationFor(time);
        if (!used)
        {
            // No output reads the stream, so the graph never clears it: its batches are done as soon as they are cut.
            Complete(time);
            Forget(time - SlideDuration);
        }
    }

    private protected sealed override StreamInputInfo? InputInfoAt(Time time)
    {
        if (!ledger.TryGet(time, out var allocation) || CountRecords(allocation) is not { } records)
        {
            return null;
        }
        return new StreamInputInfo(Id, records, DescribeBatch(time, allocation));
    }

    private protected sealed override JsonNode? SaveAllocations() =>
        KeepsAllocationsInCheckpoints ? ledger.Save(SavePosition()) : null;

    private protected sealed override void RestoreAllocations(JsonNode? saved)
    {
        if (saved is null || !KeepsAllocationsInCheckpoints)
        {
            if (saved is not null)
            {
                Context.EmberContext.Logger.LogWarning("{Stream}: the checkpoint holds allocations the stream does not keep now (write-ahead log off?); they are ignored", this);
            }
            RestorePosition(null);
            return;
        }
        var (allocations, position) = ledger.Restore(saved);
        RestorePosition(position);
        OnRestored(allocations);
    }

    private protected sealed override async Task StopSourceAsync()
    {
        // Cancelled first: an allocation waiting for an unreachable system gives up, so stopping never waits for it.
        await stopping.CancelAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    internal override void ClearMetadata(Time time)
    {
        base.ClearMetadata(time);
        Complete(time);
        Forget(time - RememberDuration);
    }

    /// <summary>The allocation of <paramref name="time"/>: the recorded one, else decided now for a batch later than every allocated one.</summary>
    private TAllocation AllocationFor(Time time)
    {
        if (ledger.TryGet(time, out var known))
        {
            return known;
        }
        lock (allocating)
        {
            if (ledger.TryGet(time, out known))
            {
                return known;
            }
            if (ledger.Last is { } last && time <= last)
            {
                throw ledger.Missing(time);
            }
            // After the source stopped the token is cancelled, yet the last batch of a graceful stop is still
            // allocated (a receiver hands over what it holds); a source that can no longer allocate throws
            // OperationCanceledException, and the batch is dropped quietly.
            var allocation = Allocate(time, stopping.Token)
                ?? throw new InvalidOperationException($"{GetType().Name}.Allocate returned null for batch {time} of {this}; a batch with nothing to read needs an allocation that reads nothing.");
            ledger.Add(time, allocation, completed: false);
            return allocation;
        }
    }

    /// <summary>Built before the stream registers with the graph, so that bad backpressure options leave no half-made stream.</summary>
    private static PidRateEstimator? PullEstimator(StreamingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return PidRateEstimator.ForStream(context);
    }

    private void Complete(Time time)
    {
        if (ledger.Complete(time, out var allocation))
        {
            OnBatchCompleted(time, allocation);
        }
    }

    private void Forget(Time limit)
    {
        foreach (var (time, allocation) in ledger.Forget(limit))
        {
            OnForgotten(time, allocation);
        }
    }
}

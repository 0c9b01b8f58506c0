using Ember.Streaming.Checkpointing;
using Ember.Streaming.DStreams;
using Ember.Streaming.RateControl;
using Ember.Streaming.Receivers.WriteAheadLog;
using Ember.Streaming.Scheduling;

namespace Ember.Streaming.Receivers;

/// <summary>
/// A source fed by a <see cref="Receiver{T}"/> (Spark's ReceiverInputDStream). At each batch it takes every block the
/// receiver's records were cut into since the previous batch, the partial block included, and makes them the
/// partitions of the batch's RDD; no block means an empty batch.
/// </summary>
/// <remarks>
/// <para>
/// Allocation happens before the batch's jobs are generated and under the block generator's lock, so a record stored
/// before a batch is generated is in that batch or an earlier one, and in exactly one. Allocations are kept for the
/// stream's remember duration (windows over the stream compute older batches late), then dropped; the blocks
/// themselves are held by the batch RDDs and freed with them.
/// </para>
/// <para>
/// With <see cref="StreamingOptions.WriteAheadLog"/> every block is in the stream's write-ahead log before a batch can
/// take it, and the stream is a recoverable source (see the <c>.Recovery</c> part): checkpoints record which logged
/// blocks each batch took, and an allocation is kept until its batch completed, so that every batch a checkpoint may
/// replay gets exactly its blocks back.
/// </para>
/// </remarks>
internal sealed partial class ReceiverInputDStream<T> : InputDStream<T>
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<Time, Allocation> allocated = [];

    /// <param name="context">The context.</param>
    /// <param name="receiver">The receiver feeding the stream.</param>
    /// <param name="options">The stream's options, the context-wide maximum rate already applied.</param>
    /// <param name="estimator">With backpressure, the stream's rate estimator (the caller registers <see cref="RateController"/>); else null.</param>
    /// <param name="operation">The API call that made the stream.</param>
    public ReceiverInputDStream(StreamingContext context, Receiver<T> receiver, ReceiverOptions options, IRateEstimator? estimator, string operation)
        : base(context, operation)
    {
        Supervisor = new ReceiverSupervisor<T>(receiver, this, context, options, backpressure: estimator is not null);
        if (estimator is not null)
        {
            RateController = new ReceiverRateController(Id, estimator, options.MaxRatePerSecond, Supervisor.Limiter!, context.Logger);
        }
    }

    public ReceiverSupervisor<T> Supervisor { get; }

    /// <summary>With backpressure, the controller that sets the receiver's rate from completed batches; else null.</summary>
    public RateController? RateController { get; }

    private protected override bool HasPendingData => Supervisor.Blocks.HasPendingData;

    private protected override bool BuffersData => true;

    private protected override bool IsCheckpointed => true;

    /// <summary>Batch times whose blocks are still held here.</summary>
    public IReadOnlyList<Time> AllocatedTimes
    {
        get
        {
            lock (gate)
            {
                return [.. allocated.Keys];
            }
        }
    }

    private protected override void AllocateBatch(Time time)
    {
        if (IsReplayed(time))
        {
            return;
        }
        var blocks = Supervisor.Blocks.TakeAll();
        lock (gate)
        {
            EndReplay();
            // No output reads a stream that was never initialized: its batches never run, so they count as completed.
            var completed = ZeroTime is null;
            allocated[time] = allocated.TryGetValue(time, out var earlier)
                ? new Allocation([.. earlier.Blocks, .. blocks], earlier.Completed)
                : new Allocation(blocks, completed);
            Allocated(time, blocks);
            // A stream no output uses is never cleared by the graph: forget what no batch can ask for any more.
            Forget(time - (RememberDuration > SlideDuration ? RememberDuration : SlideDuration));
        }
    }

    private protected override Listener.StreamInputInfo? InputInfoAt(Time time)
    {
        lock (gate)
        {
            return allocated.TryGetValue(time, out var allocation) ? new(Id, allocation.Blocks.Sum(block => (long)block.Records.Length)) : null;
        }
    }

    internal override void Initialize(Time zeroTime)
    {
        // The first point of Start where the checkpoint id is known and nothing has started yet.
        OpenLog();
        base.Initialize(zeroTime);
    }

    internal override void ClearMetadata(Time time)
    {
        lock (gate)
        {
            if (allocated.TryGetValue(time, out var allocation))
            {
                allocation.Completed = true;
            }
            Forget(time - RememberDuration);
        }
        base.ClearMetadata(time);
    }

    private protected override Rdd<T>? Compute(Time validTime)
    {
        Block<T>[]? blocks;
        lock (gate)
        {
            blocks = allocated.TryGetValue(validTime, out var allocation) ? allocation.Blocks : null;
        }
        return new BlockRdd<T>(Context.EmberContext, blocks ?? []);
    }

    protected override void Start()
    {
        RecoverUnrestored();
        Supervisor.Start();
    }

    protected override async Task StopAsync()
    {
        await Supervisor.StopAsync().ConfigureAwait(false);
        // Every block is logged once the receiver stopped for good; deletions may still reopen nothing.
        log?.Close();
    }

    /// <summary>
    /// Drops allocations up to <paramref name="limit"/>. With a log, only those of completed batches: a batch that has
    /// not run yet may be replayed after a crash, and must find its blocks in the checkpoint.
    /// </summary>
    private void Forget(Time limit)
    {
        foreach (var (time, allocation) in allocated.TakeWhile(pair => pair.Key <= limit).ToList())
        {
            if (log is null || allocation.Completed)
            {
                allocated.Remove(time);
            }
        }
    }

    /// <summary>The blocks one batch took; <see cref="Completed"/> once the batch ran (or, after a recovery, needs no run).</summary>
    private sealed class Allocation(Block<T>[] blocks, bool completed)
    {
        public Block<T>[] Blocks { get; } = blocks;

        public bool Completed { get; set; } = completed;
    }
}

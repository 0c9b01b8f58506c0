using Ember.Streaming.DStreams;
using Ember.Streaming.RateControl;
using Ember.Streaming.Scheduling;

namespace Ember.Streaming.Receivers;

/// <summary>
/// A source fed by a <see cref="Receiver{T}"/> (Spark's ReceiverInputDStream). At each batch it takes every block the
/// receiver's records were cut into since the previous batch, the partial block included, and makes them the
/// partitions of the batch's RDD; no block means an empty batch.
/// </summary>
/// <remarks>
/// Allocation happens before the batch's jobs are generated and under the block generator's lock, so a record stored
/// before a batch is generated is in that batch or an earlier one, and in exactly one. Allocations are kept for the
/// stream's remember duration (windows over the stream compute older batches late), then dropped; the blocks
/// themselves are held by the batch RDDs and freed with them.
/// </remarks>
internal sealed class ReceiverInputDStream<T> : InputDStream<T>, IBufferingSource, IReportsRecords
{
    private readonly Lock gate = new();
    private readonly SortedDictionary<Time, Block<T>[]> allocated = [];

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

    public bool HasPendingData => Supervisor.Blocks.HasPendingData;

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

    public void AllocateTo(Time time)
    {
        var blocks = Supervisor.Blocks.TakeAll();
        lock (gate)
        {
            allocated[time] = allocated.TryGetValue(time, out var earlier) ? [.. earlier, .. blocks] : blocks;
            // A stream no output uses is never cleared by the graph: forget what no batch can ask for any more.
            Forget(time - (RememberDuration > SlideDuration ? RememberDuration : SlideDuration));
        }
    }

    public long? RecordsAt(Time time)
    {
        lock (gate)
        {
            return allocated.TryGetValue(time, out var blocks) ? blocks.Sum(block => (long)block.Records.Length) : null;
        }
    }

    internal override void ClearMetadata(Time time)
    {
        lock (gate)
        {
            Forget(time - RememberDuration);
        }
        base.ClearMetadata(time);
    }

    private protected override Rdd<T>? Compute(Time validTime)
    {
        Block<T>[]? blocks;
        lock (gate)
        {
            allocated.TryGetValue(validTime, out blocks);
        }
        return new BlockRdd<T>(Context.EmberContext, blocks ?? []);
    }

    private protected override void Start() => Supervisor.Start();

    private protected override Task StopAsync() => Supervisor.StopAsync();

    private void Forget(Time limit)
    {
        while (allocated.Count > 0 && allocated.Keys.First() is var oldest && oldest <= limit)
        {
            allocated.Remove(oldest);
        }
    }
}

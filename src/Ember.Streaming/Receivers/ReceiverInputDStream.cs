using Ember.Streaming.RateControl;
using Ember.Streaming.Receivers.WriteAheadLog;
using Ember.Streaming.Sources;

namespace Ember.Streaming.Receivers;

/// <summary>
/// A source fed by a <see cref="Receiver{T}"/> (Spark's ReceiverInputDStream). At each batch its allocation is every
/// block the receiver's records were cut into since the previous batch, the partial block included: the blocks go
/// into the engine's block store and the allocation holds their ids, one partition each; no block means an empty
/// batch.
/// </summary>
/// <remarks>
/// <para>
/// Allocation happens before the batch's jobs are generated and under the lock of the receiver's blocks (<see cref="ReceivedBlocks{T}"/>), so a record stored
/// before a batch is generated is in that batch or an earlier one, and in exactly one. The ledger keeps allocations
/// until their batch completed and is older than the stream remembers; the blocks leave the store with them.
/// </para>
/// <para>
/// With <see cref="StreamingOptions.WriteAheadLog"/> every block is in the stream's write-ahead log before a batch can
/// take it, block ids are log sequence numbers, and the allocations go into checkpoints (see the <c>.Recovery</c>
/// part), so that every batch a checkpoint may replay gets exactly its blocks back. Without a log, blocks die with
/// the process and checkpoints keep nothing of the stream.
/// </para>
/// </remarks>
internal sealed partial class ReceiverInputDStream<T> : DirectInputDStream<ReceivedBlockIds, T>, IReceiverStream
{
    private readonly Lock gate = new();
    private readonly string blockSource;
    private readonly ReceivedBlockReader<T> reader;
    private readonly ReceiverSupervisor<T>? local;
    private readonly ReceiverTracker<T>? tracker;
    private long nextLocalId;

    /// <param name="context">The context.</param>
    /// <param name="receiver">The receiver feeding the stream.</param>
    /// <param name="options">The stream's options, the context-wide maximum rate already applied.</param>
    /// <param name="estimator">With backpressure, the stream's rate estimator (the caller registers <see cref="RateController"/>); else null.</param>
    /// <param name="operation">The API call that made the stream.</param>
    public ReceiverInputDStream(StreamingContext context, Receiver<T> receiver, ReceiverOptions options, IRateEstimator? estimator, string operation)
        : this(context, receiver, options, estimator, operation, new ReceivedBlockReader<T>($"{operation}-{Guid.NewGuid():N}"))
    {
    }

    private ReceiverInputDStream(StreamingContext context, Receiver<T> receiver, ReceiverOptions options, IRateEstimator? estimator, string operation,
        ReceivedBlockReader<T> reader)
        : base(context, operation, reader, estimator: null)
    {
        this.reader = reader;
        blockSource = reader.Source;
        Action<long> publishRate;
        if (context.EmberContext.RunsOnExecutors)
        {
            // The receiver object travels to an executor in its task: it is attached to nothing here.
            tracker = new ReceiverTracker<T>(context, this, receiver, options, backpressure: estimator is not null);
            publishRate = tracker.SetRate;
        }
        else
        {
            local = new ReceiverSupervisor<T>(receiver, ReceiverHost.OnDriver(context, this, receiver.GetType()), options, backpressure: estimator is not null);
            publishRate = local.Limiter is { } limiter ? rate => limiter.SetRate(rate) : _ => { };
        }
        if (estimator is not null)
        {
            RateController = new ReceiverRateController(Id, estimator, options.MaxRatePerSecond, publishRate, context.Logger);
        }
    }

    /// <summary>The supervisor of a receiver run in the driver's process (local mode); throws when the receiver runs on an executor.</summary>
    public ReceiverSupervisor<T> Supervisor =>
        local ?? throw new InvalidOperationException($"The receiver of {this} runs on an executor: its supervisor is there.");

    /// <summary>With backpressure, the controller that sets the receiver's rate from completed batches; else null.</summary>
    public RateController? RateController { get; }

    private protected override bool HasPendingData => tracker?.HasPendingData ?? Supervisor.Blocks.HasPendingData;

    private protected override bool BuffersData => true;

    private protected override bool AllocatesWhenUnused => true;

    private protected override bool KeepsAllocationsInCheckpoints => Context.Options.WriteAheadLog;

    internal override void Initialize(Time zeroTime)
    {
        // The first point of Start where the checkpoint id is known and nothing has started yet.
        OpenLog();
        base.Initialize(zeroTime);
    }

    protected override ReceivedBlockIds Allocate(Time batchTime, CancellationToken cancellationToken)
    {
        if (tracker is not null)
        {
            var reports = tracker.TakeAll();
            lock (gate)
            {
                if (reports.Length > 0 && reports[^1].Sequence is { } lastLogged)
                {
                    allocatedUntil = Math.Max(allocatedUntil, lastLogged + 1);
                }
            }
            // With the log, a block's id is its sequence number (as in the driver's process), and its copy's id rides along.
            return new ReceivedBlockIds([.. reports.Select(report => report.Sequence is { } sequence
                ? new ReceivedBlockId(sequence, report.Records, report.Locations, report.Block)
                : new ReceivedBlockId(report.Block, report.Records, report.Locations))]);
        }
        var blocks = Supervisor.Blocks.TakeAll();
        var taken = new List<ReceivedBlockId>(blocks.Length);
        lock (gate)
        {
            foreach (var block in blocks)
            {
                taken.Add(Store(block));
            }
            if (blocks.Length > 0 && blocks[^1].Sequence is { } last)
            {
                allocatedUntil = Math.Max(allocatedUntil, last + 1);
            }
        }
        return new ReceivedBlockIds(taken);
    }

    protected override long? CountRecords(ReceivedBlockIds allocation) => allocation.Blocks.Sum(block => (long)block.Records);

    protected override void OnForgotten(Time batchTime, ReceivedBlockIds allocation)
    {
        foreach (var block in allocation.Blocks)
        {
            Context.EmberContext.InputBlocks.Remove(blockSource, block.Id);
        }
        Context.EmberContext.RemoveSharedInputBlocks([.. allocation.Blocks.Where(block => block.Locations is not null).Select(block => block.CopyId ?? block.Id)]);
    }

    protected override void Start()
    {
        if (tracker is not null)
        {
            OpenLog();
            if (log is not null)
            {
                // Without a restored position the receiver reports the whole log first (nothing was allocated yet).
                tracker.UseLog(new ReceiverLogSettings(log.Directory, logRollInterval, logRead ? allocatedUntil : 0));
            }
            tracker.Start();
            return;
        }
        RecoverUnrestored();
        Supervisor.Start();
    }

    protected override async Task StopAsync()
    {
        if (tracker is not null)
        {
            await tracker.StopAsync().ConfigureAwait(false);
            return;
        }
        await Supervisor.StopAsync().ConfigureAwait(false);
        // Every block is logged once the receiver stopped for good; deletions may still reopen nothing.
        log?.Close();
    }

    void IReceiverStream.OnReceiverReport(IReceiverReport report) => tracker?.OnReport(report);

    /// <summary>Puts a block into the engine's block store under its id: its log sequence number, else the next local one; the caller holds <see cref="gate"/>.</summary>
    private ReceivedBlockId Store(Block<T> block)
    {
        var id = block.Sequence ?? nextLocalId++;
        Context.EmberContext.InputBlocks.Put(blockSource, id, block.Records);
        return new ReceivedBlockId(id, block.Records.Length);
    }
}

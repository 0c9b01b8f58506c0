using Ember.Dependencies;

namespace Ember.Streaming.Receivers;

/// <summary>
/// What a receiver on an executor needs besides the receiver itself: plain settings, copied from the stream's when
/// the receiver's job is launched. <paramref name="Peers"/>: where the live executors keep blocks, the candidates for
/// each block's second copy (updated by <see cref="ReceiverPeers"/>). With the write-ahead log: <paramref name="Log"/>.
/// </summary>
internal sealed record ReceiverTaskSettings(
    int StreamId, string Name, TimeSpan BlockInterval, TimeSpan RestartDelay, long? MaxRatePerSecond, bool Backpressure, long? BackpressureInitialRate,
    string[] Peers, ReceiverLogSettings? Log = null);

/// <summary>
/// The stream's write-ahead log, in the shared checkpoint directory: <paramref name="Directory"/>, segments rolled every
/// <paramref name="RollInterval"/>; blocks from <paramref name="ReportedUntil"/> on were never reported to the driver
/// (as far as it knew at launch), so a receiver starting again reports those it finds in the log first.
/// </summary>
internal sealed record ReceiverLogSettings(string Directory, TimeSpan RollInterval, long ReportedUntil);

/// <summary>
/// The one-partition RDD whose task runs a receiver on an executor (Spark's receiver job, made from
/// <c>makeRDD</c> with a preferred location): the task runs until the driver stops the receiver, and yields the
/// number of blocks it stored. The receiver travels in the task's data, so it must hold plain settings only.
/// </summary>
internal sealed class ReceiverRdd<T> : Rdd<long>
{
    private readonly Receiver<T> receiver;
    private readonly ReceiverTaskSettings settings;
    private readonly string? preferred;

    /// <param name="context">The driver's context.</param>
    /// <param name="receiver">The receiver, not attached to anything on the driver.</param>
    /// <param name="settings">The stream's settings.</param>
    /// <param name="preferred">The executor the receiver should run on (a hint), or null.</param>
    public ReceiverRdd(EmberContext context, Receiver<T> receiver, ReceiverTaskSettings settings, string? preferred)
        : base(context, "ReceiverRdd")
    {
        this.receiver = receiver;
        this.settings = settings;
        this.preferred = preferred;
    }

    protected override IReadOnlyList<Partition> GetPartitions() => [new Partition(0)];

    protected override IReadOnlyList<Dependency> GetDependencies() => [];

    protected internal override IReadOnlyList<string> PreferredLocations(Partition partition) => preferred is null ? [] : [preferred];

    protected internal override IEnumerable<long> Compute(Partition partition, TaskContext context) =>
        [ReceiverTask<T>.Run(Context, receiver, settings, context)];
}

using System.Collections.Concurrent;
using Ember.Streaming.Listener;
using Ember.Streaming.Sources;

namespace Ember.Streaming.Kafka;

/// <summary>
/// The direct Kafka stream (Spark's <c>DirectKafkaInputDStream</c>), made by <see cref="KafkaUtils.CreateDirectStream"/>:
/// each batch's allocation is the offset range of every partition it reads, decided on the driver; each range is read
/// by one task. The ranges are saved in every checkpoint, so a batch replayed after a crash reads exactly the same
/// records and the stream resumes where the last batch ended. Not stateful; no shuffle.
/// </summary>
/// <typeparam name="TKey">The records' key type.</typeparam>
/// <typeparam name="TValue">The records' value type.</typeparam>
public sealed class DirectKafkaInputDStream<TKey, TValue> : DirectInputDStream<IReadOnlyList<OffsetRange>, ConsumeRecord<TKey, TValue>>
{
    private readonly DirectKafkaSource<TKey, TValue> source;
    private readonly ConcurrentDictionary<Time, IReadOnlyList<PartitionProgress>> progress = new();

    internal DirectKafkaInputDStream(StreamingContext context, ConsumerStrategy<TKey, TValue> strategy, KafkaStreamOptions options)
        : base(context, "DirectKafkaStream", new KafkaReader<TKey, TValue>(
            new Dictionary<string, string>(strategy.Config, StringComparer.Ordinal),
            new KafkaReadSettings(options.PollTimeout, options.RetryTimeout, options.OnOffsetOutOfRange, options.CacheConsumers),
            options.Locations))
    {
        source = new DirectKafkaSource<TKey, TValue>(context, strategy, options, (message, attempt) => ReportProblem(message, attempt), () => BackpressureRate);
    }

    /// <summary>
    /// The offset ranges the batch of <paramref name="batchTime"/> reads, one per partition in partition order (Spark's
    /// <c>HasOffsetRanges</c>, by batch time). In <c>ForEachRdd</c>, <see cref="KafkaUtils.OffsetRangesOf"/> gives the
    /// same from the batch's RDD.
    /// </summary>
    /// <exception cref="InvalidOperationException">The batch was never cut, or it is older than the stream remembers; the message names the stream and the time.</exception>
    public IReadOnlyList<OffsetRange> OffsetRangesAt(Time batchTime) => AllocationAt(batchTime);

    /// <summary>
    /// Commits, for each partition, the end of its last range in <paramref name="ranges"/> to the consumer group of
    /// the stream's <c>group.id</c> (Spark's <c>CanCommitOffsets.commitAsync</c>). Call it after the batch's outputs
    /// succeeded; the task completes when the group coordinator has accepted the offsets. Offsets in Kafka are only
    /// where a start without a checkpoint begins: a recovery from a checkpoint goes by the checkpoint's ranges.
    /// </summary>
    /// <param name="ranges">Ranges from <see cref="OffsetRangesAt"/> or <see cref="KafkaUtils.OffsetRangesOf"/>.</param>
    /// <param name="cancellationToken">Cancels before the commit starts.</param>
    /// <exception cref="ArgumentNullException"><paramref name="ranges"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The stream's config has no <c>group.id</c>.</exception>
    /// <exception cref="ObjectDisposedException">The stream has stopped.</exception>
    public Task CommitAsync(IEnumerable<OffsetRange> ranges, CancellationToken cancellationToken = default) =>
        source.CommitAsync(ranges, cancellationToken);

    /// <inheritdoc />
    protected override IReadOnlyList<OffsetRange> Allocate(Time batchTime, CancellationToken cancellationToken)
    {
        var (ranges, latest) = source.Cut(batchTime, cancellationToken);
        progress[batchTime] = [.. ranges.Select((range, i) => new PartitionProgress($"{range.Topic}-{range.Partition}", range.FromOffset, range.UntilOffset, latest[i]))];
        return ranges;
    }

    /// <inheritdoc />
    protected override long? CountRecords(IReadOnlyList<OffsetRange> allocation) => allocation.Sum(range => range.Count);

    /// <summary>What the batch read of each partition and how far behind the partition's end it stayed (unknown for restored batches).</summary>
    protected override IReadOnlyDictionary<string, object>? DescribeBatch(Time batchTime, IReadOnlyList<OffsetRange> allocation) =>
        progress.TryGetValue(batchTime, out var partitions) && partitions.Count > 0
            ? new Dictionary<string, object> { [StreamInputInfo.PartitionsKey] = partitions }
            : null;

    /// <summary>The next batch starts where the last restored batch ended.</summary>
    protected override void OnRestored(IReadOnlyList<(Time BatchTime, IReadOnlyList<OffsetRange> Allocation)> allocations) =>
        source.ResumeAfter(allocations.Count > 0 ? allocations[^1].Allocation : null);

    /// <inheritdoc />
    protected override void OnForgotten(Time batchTime, IReadOnlyList<OffsetRange> allocation) => progress.TryRemove(batchTime, out _);

    /// <inheritdoc />
    protected override Task StopAsync()
    {
        source.Dispose();
        return Task.CompletedTask;
    }
}

using Ember.Streaming.Sources;

namespace Ember.Streaming.Kafka;

/// <summary>Kafka sources for Ember Streaming (Spark's <c>KafkaUtils</c> of kafka-0-10).</summary>
public static class KafkaUtils
{
    /// <summary>
    /// A direct stream (no receiver): at each batch the driver picks, per partition the <paramref name="strategy"/>
    /// chooses, the offsets <c>[from, until)</c> the batch reads, where <c>from</c> is where the previous batch ended
    /// (at first: the explicit starting offset, else the group's committed offset, else <c>auto.offset.reset</c>) and
    /// <c>until</c> is the latest offset, bounded by <see cref="KafkaStreamOptions.MaxRatePerPartition"/>. The
    /// batch's RDD has one partition per range (empty ranges included), each read by its task with its own assigned
    /// consumer (no rebalancing, no commits), so it reads the same records every time it is computed. Not stateful;
    /// no shuffle.
    /// </summary>
    /// <remarks>
    /// <para>
    /// A subscribed topic that does not exist yet is not an error: batches read nothing of it (reported once, to the log
    /// and to listeners through <c>OnInputSourceError</c>) until it exists, then read it from its first offset.
    /// A batch fails (the context stops with a <see cref="StreamingJobException"/>) when an assigned partition does not
    /// exist, or when an offset is out of range (deleted by retention, or never written) under the default
    /// <see cref="KafkaStreamOptions.OnOffsetOutOfRange"/>; the message names the topic, partition and offsets. An
    /// unreachable cluster is not an error: the batch waits and retries (see <see cref="KafkaStreamOptions.RetryTimeout"/>),
    /// reporting each failure to listeners through <c>OnInputSourceError</c>, and never skips a range.
    /// The offset ranges are saved in checkpoints: a context recovered from one replays its unfinished batches over
    /// the same ranges and resumes where the last batch ended (commit with <see cref="DirectKafkaInputDStream{TKey, TValue}.CommitAsync"/>
    /// to also keep progress in Kafka, for consumers outside Ember).
    /// </para>
    /// <para>
    /// Backpressure: with <see cref="StreamingOptions.BackpressureEnabled"/>, the stream gets a
    /// rate controller on the listener bus, as every direct source does (Spark's <c>DirectKafkaRateController</c>, with
    /// the context's PID estimator). Each batch's rate is the controller's latest estimate or, before the first one,
    /// <see cref="StreamingOptions.BackpressureInitialRate"/>, honoured from the very first batch, so a backlog waiting at start never floods it. The rate is split between partitions by lag
    /// (latest offset minus the batch's start), each share capped at
    /// <see cref="KafkaStreamOptions.MaxRatePerPartition"/> (the smaller wins), and never below 1 record per batch
    /// while a partition has records waiting. Without an initial rate, batches before the first estimate are bounded
    /// by <see cref="KafkaStreamOptions.MaxRatePerPartition"/> alone.
    /// </para>
    /// </remarks>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (including the context's backpressure options).</exception>
    public static DirectKafkaInputDStream<TKey, TValue> CreateDirectStream<TKey, TValue>(
        StreamingContext ssc, ConsumerStrategy<TKey, TValue> strategy, KafkaStreamOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(ssc);
        ArgumentNullException.ThrowIfNull(strategy);
        options ??= new KafkaStreamOptions();
        options.Validate();
        var copy = options.Copy();
        // The stream checks the context's backpressure options before it registers with the graph.
        return new DirectKafkaInputDStream<TKey, TValue>(ssc, strategy, copy);
    }

    /// <summary>
    /// The offset ranges an RDD straight out of a direct stream reads (Spark's <c>HasOffsetRanges</c>), one per
    /// partition in partition order. Only that RDD has them: take them in <c>ForEachRdd</c> or <c>Transform</c> on
    /// the direct stream itself, before any other operator.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="rdd"/> is null.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="rdd"/> is not an RDD of a direct stream.</exception>
    public static IReadOnlyList<OffsetRange> OffsetRangesOf(Rdd rdd)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        return rdd is IHasAllocation<IReadOnlyList<OffsetRange>> batch ? batch.Allocation
            : throw new InvalidOperationException($"{rdd} has no Kafka offset ranges: only the RDDs straight out of a direct stream have them, not the RDDs of operators applied to it.");
    }

    /// <summary>
    /// Same as <see cref="DirectKafkaInputDStream{TKey, TValue}.CommitAsync"/> on <paramref name="stream"/>: commits,
    /// for each partition, the end of its last range in <paramref name="ranges"/> to the consumer group of the stream's
    /// <c>group.id</c> (Spark's <c>CanCommitOffsets.commitAsync</c>), after the batch's outputs succeeded.
    /// </summary>
    /// <param name="stream">A stream returned by <see cref="CreateDirectStream{TKey, TValue}"/>.</param>
    /// <param name="ranges">Ranges from <see cref="OffsetRangesOf"/>.</param>
    /// <param name="cancellationToken">Cancels before the commit starts.</param>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not a direct stream.</exception>
    /// <exception cref="InvalidOperationException">The stream's config has no <c>group.id</c>.</exception>
    public static Task CommitAsync<TKey, TValue>(DStream<ConsumeRecord<TKey, TValue>> stream, IEnumerable<OffsetRange> ranges, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(ranges);
        return stream is DirectKafkaInputDStream<TKey, TValue> direct ? direct.CommitAsync(ranges, cancellationToken)
            : throw new ArgumentException($"{stream} is not a direct Kafka stream: commit through the stream CreateDirectStream returned.", nameof(stream));
    }
}

using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Kafka;

/// <summary>
/// The driver side of a direct stream: at each batch time, the offset range each partition reads, from the previous
/// batch's end (or the starting offset) to the latest offset, bounded by the rate. One consumer, used only for
/// metadata, watermarks and commits, never to read records. The stream's ledger records the ranges of each batch;
/// this keeps only where the next batch starts. Calls to an unreachable cluster are retried (<see cref="BrokerRetry"/>)
/// holding only the cut's own lock: the batch waits and no position moves until its ranges are known, while
/// checkpoints, commits and progress go on.
/// </summary>
internal sealed class DirectKafkaSource<TKey, TValue> : IDisposable
{
    private readonly Lock gate = new();
    // One cut at a time, held while the cluster is retried; always taken before gate, which guards the state.
    private readonly Lock cutGate = new();
    private readonly StreamingContext context;
    private readonly ConsumerStrategy<TKey, TValue> strategy;
    private readonly KafkaStreamOptions options;
    private readonly BrokerRetry retry;
    private readonly MissingTopics missingTopics;
    private readonly Func<long?> backpressureRate;
    private Dictionary<TopicPartition, long>? positions;
    private IConsumer<byte[], byte[]>? driver;
    private IAdminClient? admin;
    private bool disposed;

    /// <param name="context">The streaming context.</param>
    /// <param name="strategy">Which partitions, and where they start.</param>
    /// <param name="options">The stream's options.</param>
    /// <param name="reportError">Where failures to reach the cluster are reported (message, attempt).</param>
    /// <param name="backpressureRate">The stream's backpressure rate at the time of a cut (records per second); null for no bound.</param>
    public DirectKafkaSource(StreamingContext context, ConsumerStrategy<TKey, TValue> strategy, KafkaStreamOptions options, Action<string, int> reportError, Func<long?> backpressureRate)
    {
        this.backpressureRate = backpressureRate;
        this.context = context;
        this.strategy = strategy;
        this.options = options;
        retry = new BrokerRetry(options.RetryBackoff, options.RetryTimeout, reportError);
        missingTopics = new MissingTopics(reportError, context.EmberContext.Logger);
    }

    /// <summary>
    /// The ranges of the new batch of <paramref name="time"/>, each with the partition's latest offset when it was
    /// cut; the next batch starts where these end.
    /// </summary>
    public (IReadOnlyList<OffsetRange> Ranges, IReadOnlyList<long> Latest) Cut(Time time, CancellationToken cancellationToken)
    {
        lock (cutGate)
        {
            Dictionary<TopicPartition, long>? start;
            lock (gate)
            {
                ThrowIfStopped(time);
                start = positions;
            }
            var (ranges, latest, next, missing) = retry.Run($"Cutting Kafka batch {time}", () => Cut(start), cancellationToken);
            missingTopics.Update(missing);
            lock (gate)
            {
                ThrowIfStopped(time);
                positions = next;
            }
            context.EmberContext.Logger.LogDebug("Kafka direct stream: batch {Time} reads {Ranges}", time, string.Join(", ", ranges));
            return (ranges, latest);
        }
    }

    /// <summary>After a recovery: the next batch starts where <paramref name="last"/> (the last batch's ranges) ended; null to start afresh.</summary>
    public void ResumeAfter(IReadOnlyList<OffsetRange>? last)
    {
        lock (gate)
        {
            positions = last?.ToDictionary(range => new TopicPartition(range.Topic, range.Partition), range => range.UntilOffset);
        }
    }

    private void ThrowIfStopped(Time time)
    {
        if (disposed)
        {
            // A graceful stop stops sources before the batch timer: a tick in between finds the stream stopped.
            throw new OperationCanceledException($"Kafka batch {time} was not cut: the stream has stopped.");
        }
    }

    /// <summary>Commits, for each partition of <paramref name="ranges"/>, the end of its last range to the group of <c>group.id</c>.</summary>
    public Task CommitAsync(IEnumerable<OffsetRange> ranges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        if (string.IsNullOrEmpty(strategy.Config.GroupId))
        {
            throw new InvalidOperationException("Committing offsets needs a group.id in the stream's consumer config.");
        }
        var offsets = ranges
            .GroupBy(range => new TopicPartition(range.Topic, range.Partition))
            .Select(group => new TopicPartitionOffset(group.Key, group.Max(range => range.UntilOffset)))
            .ToList();
        if (offsets.Count == 0)
        {
            return Task.CompletedTask;
        }
        // A commit is a blocking round trip to the group coordinator: its own thread, not faked as async.
        return Task.Factory.StartNew(() =>
        {
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                EnsureClients().Consumer.Commit(offsets);
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public void Dispose()
    {
        // The stream cancelled its allocation first, so a cut retrying an unreachable cluster gives up; the clients
        // are disposed only once no cut is using them.
        lock (cutGate)
        {
            lock (gate)
            {
                if (disposed)
                {
                    return;
                }
                disposed = true;
                admin?.Dispose();
                driver?.Dispose();
            }
        }
    }

    /// <summary>
    /// The next batch's ranges from <paramref name="start"/> (null before the first batch), per range the partition's
    /// latest offset when it was cut, where the batch after it starts, and the subscriptions the cluster does not have
    /// yet. Changes nothing, so a failed attempt is retried from the same state; the clients are thread-safe, so
    /// commits may use them meanwhile.
    /// </summary>
    private (IReadOnlyList<OffsetRange> Ranges, IReadOnlyList<long> Latest, Dictionary<TopicPartition, long> Next, IReadOnlyList<string> Missing) Cut(Dictionary<TopicPartition, long>? start)
    {
        IConsumer<byte[], byte[]> consumer;
        IAdminClient adminClient;
        lock (gate)
        {
            (consumer, adminClient) = EnsureClients();
        }
        var metadata = adminClient.GetMetadata(options.MetadataTimeout);
        var (found, missing) = strategy.PartitionsIn(metadata);
        var partitions = found.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value).ToList();
        var firstBatch = start is null;
        var known = start ?? [];
        var starts = Starts(consumer, partitions.Where(p => !known.ContainsKey(p)).ToList(), firstBatch);
        var maxLimit = options.MaxRatePerPartition is { } rate ? Math.Max(1, (long)(rate * context.BatchInterval.TotalSeconds)) : long.MaxValue;
        var spans = new List<(TopicPartition Partition, long From, long High)>(partitions.Count);
        foreach (var partition in partitions)
        {
            var watermarks = consumer.QueryWatermarkOffsets(partition, options.MetadataTimeout);
            long low = watermarks.Low.Value, high = watermarks.High.Value;
            var from = known.TryGetValue(partition, out var position) ? position : starts(partition, low, high);
            if (from < low || from > high)
            {
                from = OutOfRange(partition, from, low, high);
            }
            spans.Add((partition, from, high));
        }
        var rateLimits = BackpressureLimits(spans);
        var ranges = new List<OffsetRange>(partitions.Count);
        var next = new Dictionary<TopicPartition, long>(known);
        foreach (var (partition, from, high) in spans)
        {
            var limit = rateLimits is not null && rateLimits.TryGetValue(partition, out var share) ? Math.Min(share, maxLimit) : maxLimit;
            var until = high - from > limit ? from + limit : high;
            ranges.Add(new OffsetRange(partition.Topic, partition.Partition.Value, from, until));
            next[partition] = until;
        }
        return (ranges, [.. spans.Select(span => span.High)], next, missing);
    }

    /// <summary>Where a partition whose next offset is out of its range continues, per <see cref="KafkaStreamOptions.OnOffsetOutOfRange"/>.</summary>
    private long OutOfRange(TopicPartition partition, long from, long low, long high)
    {
        var problem = $"Offset {from} of topic '{partition.Topic}', partition {partition.Partition.Value} is out of range: the partition holds offsets {low} to {high - 1}" +
            (from < low ? " (the records were deleted by retention before they were read)" : " (the offset was never written; was the topic recreated?)");
        var reset = options.OnOffsetOutOfRange switch
        {
            OffsetOutOfRangePolicy.ResetToEarliest => low,
            OffsetOutOfRangePolicy.ResetToLatest => high,
            _ => throw new KafkaException(new Error(ErrorCode.OffsetOutOfRange, problem + ".")),
        };
        context.EmberContext.Logger.LogWarning("Kafka direct stream: {Problem}; continuing from offset {Reset} ({Policy}){Skipped}", problem, reset, options.OnOffsetOutOfRange,
            reset > from ? $", offsets {from} to {reset - 1} skipped" : $", offsets {reset} to {from - 1} read again");
        return reset;
    }

    /// <summary>Where partitions not read before start: explicit offset, else the group's committed offset, else per auto.offset.reset (partitions found after the first batch: earliest).</summary>
    private Func<TopicPartition, long, long, long> Starts(IConsumer<byte[], byte[]> consumer, List<TopicPartition> fresh, bool firstBatch)
    {
        var committed = new Dictionary<TopicPartition, long>();
        var needCommitted = fresh.Where(p => !strategy.StartingOffsets.ContainsKey(p)).ToList();
        if (needCommitted.Count > 0 && !string.IsNullOrEmpty(strategy.Config.GroupId))
        {
            foreach (var offset in consumer.Committed(needCommitted, options.MetadataTimeout))
            {
                if (offset.Offset.Value >= 0)
                {
                    committed[offset.TopicPartition] = offset.Offset.Value;
                }
            }
        }
        var latest = firstBatch && strategy.Config.AutoOffsetReset is null or AutoOffsetReset.Latest;
        return (partition, low, high) =>
            strategy.StartingOffsets.TryGetValue(partition, out var explicitOffset) ? explicitOffset
            : committed.TryGetValue(partition, out var committedOffset) ? committedOffset
            : latest ? high : low;
    }

    /// <summary>
    /// With backpressure, each partition's most offsets for the batch: the stream's backpressure rate (the latest
    /// estimate, before the first one the initial rate) shared by lag, each share capped at
    /// <see cref="KafkaStreamOptions.MaxRatePerPartition"/>. Null when there is no rate to apply (no backpressure, or
    /// no estimate and no initial rate).
    /// </summary>
    private IReadOnlyDictionary<TopicPartition, long>? BackpressureLimits(List<(TopicPartition Partition, long From, long High)> spans)
    {
        if (spans.Count == 0 || backpressureRate() is not { } rate)
        {
            return null;
        }
        var limits = PartitionRates.ShareByLag(rate, context.BatchInterval,
            spans.ToDictionary(span => span.Partition, span => span.High - span.From), options.MaxRatePerPartition);
        context.EmberContext.Logger.LogDebug("Kafka direct stream: backpressure rate {Rate} records/s, per partition {Limits}",
            rate, string.Join(", ", limits.Select(pair => $"{pair.Key.Topic}-{pair.Key.Partition.Value}: {pair.Value}")));
        return limits;
    }

    private (IConsumer<byte[], byte[]> Consumer, IAdminClient Admin) EnsureClients()
    {
        if (driver is null)
        {
            var config = new ConsumerConfig(new Dictionary<string, string>(strategy.Config, StringComparer.Ordinal)) 
            {
                EnableAutoCommit = false,
                // Confluent.Kafka requires a group even for a consumer that never joins one.
                GroupId = strategy.Config.GroupId ?? $"ember-driver-{Guid.NewGuid():N}",
            };
            driver = new ConsumerBuilder<byte[], byte[]>(config).Build();
            admin = new DependentAdminClientBuilder(driver.Handle).Build();
        }
        return (driver, admin!);
    }
}

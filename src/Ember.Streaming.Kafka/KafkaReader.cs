using Confluent.Kafka;
using Ember.Streaming.Sources;

namespace Ember.Streaming.Kafka;

/// <summary>
/// Reads a batch's offset ranges (Spark's <c>KafkaRDD</c>): one partition per range, each read by its task with a
/// consumer assigned and positioned at the range's start for that read (no group, no rebalancing, no commits), so
/// reading it again reads the same records. The consumer is the process's cached one for the group and
/// topic-partition when it is idle (<see cref="ConsumerCache"/>), else a throw-away one; a cached consumer goes on
/// only from exactly where its previous read stopped (the next batch's range, already being fetched), and is
/// replaced by a new one positioned at the range's start otherwise. Gaps in offsets
/// (compaction, transaction markers) are skipped; reading stops at the range's end. A read that gets no record for
/// a poll timeout reports the stall and keeps waiting: a leader that is down delays the batch, it does not fail it,
/// unless a retry timeout is set. Each partition prefers the executor its location strategy names. Holds the
/// consumer settings only.
/// </summary>
internal sealed class KafkaReader<TKey, TValue>(IReadOnlyDictionary<string, string> config, KafkaReadSettings settings, LocationStrategy locations)
    : SourceReader<IReadOnlyList<OffsetRange>, ConsumeRecord<TKey, TValue>>
{
    /// <summary>The key of the process's consumer cache (<see cref="SourceReadContext.ProcessResource{TResource}"/>).</summary>
    internal const string CacheResourceKey = "Ember.Streaming.Kafka.ConsumerCache";

    public override int PartitionCount(IReadOnlyList<OffsetRange> allocation) => allocation.Count;

    public override PartitionPlacement Placement(IReadOnlyList<OffsetRange> allocation, int partition) => locations.Place(allocation[partition]);

    public override IEnumerable<ConsumeRecord<TKey, TValue>> Read(IReadOnlyList<OffsetRange> allocation, int partition, SourceReadContext context)
    {
        var range = allocation[partition];
        return range.Count == 0 ? [] : Read(range, context);
    }

    /// <summary>Reads with a lent consumer; one whose read failed is closed, not cached again.</summary>
    private IEnumerable<ConsumeRecord<TKey, TValue>> Read(OffsetRange range, SourceReadContext context)
    {
        var lease = Lend(range, context);
        if (lease.IsCached && lease.Consumer.Assignment.Count > 0 && !IsAt(lease.Consumer, new TopicPartition(range.Topic, range.Partition), range.FromOffset))
        {
            // A read elsewhere than where the cached consumer stopped (a replay, a gap): a seek would first wait out its
            // pending long-poll fetch (up to fetch.wait.max.ms), longer than making a new consumer, which is cached instead.
            lease.Release(broken: true);
            lease = Lend(range, context);
        }
        try
        {
            using var records = Read(lease.Consumer, range, context).GetEnumerator();
            while (true)
            {
                bool more;
                try
                {
                    more = records.MoveNext();
                }
                catch
                {
                    lease.Release(broken: true);
                    throw;
                }
                if (!more)
                {
                    break;
                }
                yield return records.Current;
            }
        }
        finally
        {
            lease.Release();
        }
    }

    private ConsumerLease<IConsumer<TKey, TValue>> Lend(OffsetRange range, SourceReadContext context)
    {
        var executorConfig = ExecutorConfig(config);
        IConsumer<TKey, TValue> Create() => new ConsumerBuilder<TKey, TValue>(executorConfig).Build();
        var cache = settings.CacheConsumers ? context.ProcessResource(CacheResourceKey, () => new ConsumerCache()) : null;
        if (cache is null)
        {
            return new ConsumerLease<IConsumer<TKey, TValue>>(null, Create(), entry: null);
        }
        var key = new ConsumerKey(executorConfig.GroupId, range.Topic, range.Partition, Fingerprint(executorConfig));
        return cache.Acquire(key, context.AttemptNumber, Create);
    }

    /// <summary>The record types and the whole reading config, in a stable order: what a cached consumer must match besides its partition.</summary>
    private static string Fingerprint(ConsumerConfig executorConfig) =>
        $"{typeof(TKey).FullName}|{typeof(TValue).FullName}|" + string.Join("|", executorConfig.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}"));

    private IEnumerable<ConsumeRecord<TKey, TValue>> Read(IConsumer<TKey, TValue> consumer, OffsetRange range, SourceReadContext context)
    {
        var cancellationToken = context.CancellationToken;
        var topicPartition = new TopicPartition(range.Topic, range.Partition);
        // A cached consumer that ended the previous batch's range where this one starts goes on from there, with what
        // it fetched meanwhile; any other is positioned at the range's start (a seek restarts the partition's fetch).
        var positioned = !IsAt(consumer, topicPartition, range.FromOffset);
        if (positioned)
        {
            consumer.Assign(new TopicPartitionOffset(topicPartition, range.FromOffset));
        }
        var next = range.FromOffset;
        var stall = new ReadStall(range, settings, context.ReportProblem);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ConsumeResult<TKey, TValue>? result;
            try
            {
                result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            }
            catch (ConsumeException error) when (IsOutOfRange(error.Error.Code))
            {
                if (SkipDeleted(consumer, range, error, context) is not { } resume)
                {
                    yield break;
                }
                consumer.Assign(new TopicPartitionOffset(topicPartition, resume));
                positioned = true;
                continue;
            }
            catch (ConsumeException error)
            {
                throw new KafkaException(new Error(error.Error.Code, $"Cannot read {range} (offsets {range.FromOffset} to {range.UntilOffset - 1} of topic '{range.Topic}', partition {range.Partition}): {error.Error.Reason}"), error);
            }
            if (result is null)
            {
                stall.Waited();
                continue;
            }
            stall.Progressed();
            if (result.IsPartitionEOF)
            {
                // The end of the log: the range's last offsets were gaps (a transaction marker), or the log is shorter than the driver saw.
                if (result.Offset.Value >= range.UntilOffset)
                {
                    yield break;
                }
                if (!positioned)
                {
                    // The end a cached consumer met after its previous read, before this range's records were written.
                    consumer.Assign(new TopicPartitionOffset(topicPartition, next));
                    positioned = true;
                    continue;
                }
                throw new KafkaException(new Error(ErrorCode.OffsetOutOfRange,
                    $"Topic '{range.Topic}', partition {range.Partition} ends at offset {result.Offset.Value}, before the end of {range}: offsets {result.Offset.Value} to {range.UntilOffset - 1} are gone (truncated log?)."));
            }
            if (result.Offset.Value >= range.UntilOffset)
            {
                yield break;
            }
            if (result.Offset.Value < next)
            {
                // Never a record twice, whatever a consumer kept from before.
                continue;
            }
            next = result.Offset.Value + 1;
            yield return ToRecord(range.Topic, result);
            if (result.Offset.Value + 1 >= range.UntilOffset)
            {
                yield break;
            }
        }
    }

    /// <summary>Whether the consumer holds the partition and will return <paramref name="offset"/> next.</summary>
    private static bool IsAt(IConsumer<TKey, TValue> consumer, TopicPartition topicPartition, long offset) =>
        consumer.Assignment.Count == 1 && consumer.Assignment[0] == topicPartition && consumer.Position(topicPartition).Value == offset;

    private static bool IsOutOfRange(ErrorCode code) => code is ErrorCode.Local_AutoOffsetReset or ErrorCode.OffsetOutOfRange;

    /// <summary>
    /// Records of the range were deleted (retention) between the cut and the read: per the policy, fail naming
    /// them, or continue from the partition's earliest offset (null when nothing of the range is left).
    /// </summary>
    private long? SkipDeleted(IConsumer<TKey, TValue> consumer, OffsetRange range, ConsumeException error, SourceReadContext context)
    {
        var problem = $"Cannot read {range} (offsets {range.FromOffset} to {range.UntilOffset - 1} of topic '{range.Topic}', partition {range.Partition}): " +
            $"{error.Error.Reason}. The offsets are out of range: deleted by retention, or never written";
        if (settings.OnOffsetOutOfRange == OffsetOutOfRangePolicy.Fail)
        {
            throw new KafkaException(new Error(error.Error.Code, problem + "."), error);
        }
        var low = consumer.QueryWatermarkOffsets(new TopicPartition(range.Topic, range.Partition), settings.PollTimeout).Low.Value;
        context.ReportProblem($"{problem}; the partition now starts at offset {low}, so offsets before it in the range are skipped ({settings.OnOffsetOutOfRange}).", 0);
        return low < range.UntilOffset ? low : null;
    }

    /// <summary>The reading consumer's config: the user's, with what makes reads exact and side-effect free (Spark's executor params).</summary>
    private static ConsumerConfig ExecutorConfig(IReadOnlyDictionary<string, string> config) => new(new Dictionary<string, string>(config, StringComparer.Ordinal))
    {
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        // Out of range must fail loudly, never silently jump elsewhere.
        AutoOffsetReset = AutoOffsetReset.Error,
        EnablePartitionEof = true,
        GroupId = config.GetValueOrDefault("group.id") ?? "ember-executor",
        // The range names the topic: not copying its name out of every message saves a native call and a string per record.
        ConsumeResultFields = config.GetValueOrDefault(ConsumeResultFieldsKey) ?? "timestamp,headers",
    };

    private const string ConsumeResultFieldsKey = "dotnet.consumer.consume.result.fields";

    private static ConsumeRecord<TKey, TValue> ToRecord(string topic, ConsumeResult<TKey, TValue> result) => new(
        topic,
        result.Partition.Value,
        result.Offset.Value,
        new DateTimeOffset(result.Message.Timestamp.UtcDateTime, TimeSpan.Zero),
        result.Message.Key,
        result.Message.Value,
        result.Message.Headers is { Count: > 0 } headers ? [.. headers.Select(h => new KafkaHeader(h.Key, h.GetValueBytes()))] : []);
}

using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Ember.Streaming.Kafka;

/// <summary>
/// Which partitions a direct stream reads and where it starts (Spark's <c>ConsumerStrategy</c>); made by
/// <see cref="ConsumerStrategies"/>. Keys and values are deserialized by Confluent.Kafka's built-in deserializers
/// for <typeparamref name="TKey"/> and <typeparamref name="TValue"/> (<c>string</c>, <c>byte[]</c>, <c>int</c>,
/// <c>long</c>, <c>float</c>, <c>double</c>, <c>Null</c>, <c>Ignore</c>).
/// </summary>
/// <typeparam name="TKey">The records' key type.</typeparam>
/// <typeparam name="TValue">The records' value type.</typeparam>
public abstract class ConsumerStrategy<TKey, TValue>
{
    private protected ConsumerStrategy(ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(config.BootstrapServers))
        {
            throw new ArgumentException("The consumer config needs bootstrap.servers.", nameof(config));
        }
        Config = new ConsumerConfig(new Dictionary<string, string>(config, StringComparer.Ordinal));
        StartingOffsets = startingOffsets is null ? new Dictionary<TopicPartition, long>() : new Dictionary<TopicPartition, long>(startingOffsets);
        foreach (var (partition, offset) in StartingOffsets)
        {
            if (offset < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(startingOffsets), offset, $"The starting offset of {partition} must be at least 0.");
            }
        }
    }

    /// <summary>
    /// The consumers' configuration (a copy). <c>group.id</c> is where <see cref="DirectKafkaInputDStream{TKey, TValue}.CommitAsync"/> commits and
    /// where partitions with no explicit starting offset start (their committed offset); <c>auto.offset.reset</c>
    /// (<c>earliest</c> or <c>latest</c>, Kafka's default) is where they start when the group has none.
    /// </summary>
    public ConsumerConfig Config { get; }

    /// <summary>Explicit starting offsets; partitions not listed start at their committed offset, else per <c>auto.offset.reset</c>.</summary>
    public IReadOnlyDictionary<TopicPartition, long> StartingOffsets { get; }

    /// <summary>
    /// The partitions to read now, from the cluster's <paramref name="metadata"/>; throws when a named topic does not
    /// exist. Called by the driver at each batch, so topics and partitions added while running are picked up.
    /// </summary>
    internal abstract IReadOnlyList<TopicPartition> PartitionsIn(Metadata metadata);

    private protected static IReadOnlyList<TopicPartition> PartitionsOf(Metadata metadata, string topic)
    {
        var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        if (found is null || found.Error.Code == ErrorCode.UnknownTopicOrPart || found.Partitions.Count == 0)
        {
            throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart,
                $"Topic '{topic}' does not exist on {string.Join(',', metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"))}; create it, or check the name."));
        }
        return [.. found.Partitions.Select(p => new TopicPartition(topic, p.PartitionId))];
    }
}

/// <summary>Subscribes to named topics: all their partitions, including ones added while running.</summary>
internal sealed class SubscribeStrategy<TKey, TValue>(IReadOnlyList<string> topics, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets)
    : ConsumerStrategy<TKey, TValue>(config, startingOffsets)
{
    internal override IReadOnlyList<TopicPartition> PartitionsIn(Metadata metadata) => [.. topics.SelectMany(topic => PartitionsOf(metadata, topic))];
}

/// <summary>Subscribes to every topic whose whole name matches a pattern, including topics created while running.</summary>
internal sealed class SubscribePatternStrategy<TKey, TValue>(Regex pattern, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets)
    : ConsumerStrategy<TKey, TValue>(config, startingOffsets)
{
    internal override IReadOnlyList<TopicPartition> PartitionsIn(Metadata metadata) =>
        [.. metadata.Topics
            .Where(topic => topic.Error.Code == ErrorCode.NoError && !topic.Topic.StartsWith("__", StringComparison.Ordinal) && IsWholeMatch(topic.Topic))
            .SelectMany(topic => topic.Partitions.Select(p => new TopicPartition(topic.Topic, p.PartitionId)))];

    private bool IsWholeMatch(string topic) => pattern.Match(topic) is { Success: true } match && match.Index == 0 && match.Length == topic.Length;
}

/// <summary>Reads a fixed set of partitions.</summary>
internal sealed class AssignStrategy<TKey, TValue>(IReadOnlyList<TopicPartition> partitions, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets)
    : ConsumerStrategy<TKey, TValue>(config, startingOffsets)
{
    internal override IReadOnlyList<TopicPartition> PartitionsIn(Metadata metadata)
    {
        foreach (var topic in partitions.Select(p => p.Topic).Distinct())
        {
            var existing = PartitionsOf(metadata, topic);
            foreach (var partition in partitions.Where(p => p.Topic == topic && !existing.Contains(p)))
            {
                throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart,
                    $"Partition {partition.Partition.Value} of topic '{topic}' does not exist (the topic has {existing.Count})."));
            }
        }
        return partitions;
    }
}

/// <summary>The ways a direct stream chooses its partitions (Spark's <c>ConsumerStrategies</c>).</summary>
public static class ConsumerStrategies
{
    /// <summary>All partitions of <paramref name="topics"/>, including partitions added while the stream runs (read from their earliest offset).</summary>
    /// <param name="topics">Topic names; at least one. Each must exist when a batch is cut, or the batch fails.</param>
    /// <param name="config">The consumer configuration: <c>bootstrap.servers</c> required, <c>group.id</c> to commit or start from committed offsets.</param>
    /// <param name="startingOffsets">Where given partitions start; others start at their committed offset, else per <c>auto.offset.reset</c>.</param>
    /// <exception cref="ArgumentException">No topic, a blank name, or no bootstrap servers.</exception>
    public static ConsumerStrategy<TKey, TValue> Subscribe<TKey, TValue>(
        IEnumerable<string> topics, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets = null)
    {
        ArgumentNullException.ThrowIfNull(topics);
        string[] names = [.. topics.Distinct(StringComparer.Ordinal)];
        if (names.Length == 0 || names.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("Subscribe needs at least one topic, none blank.", nameof(topics));
        }
        return new SubscribeStrategy<TKey, TValue>(names, config, startingOffsets);
    }

    /// <summary>All partitions of every topic whose whole name matches <paramref name="pattern"/>, checked at every batch (internal topics, <c>__*</c>, excluded).</summary>
    /// <param name="pattern">The pattern a topic's whole name must match.</param>
    /// <param name="config">As for <see cref="Subscribe{TKey, TValue}"/>.</param>
    /// <param name="startingOffsets">As for <see cref="Subscribe{TKey, TValue}"/>.</param>
    public static ConsumerStrategy<TKey, TValue> SubscribePattern<TKey, TValue>(
        Regex pattern, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new SubscribePatternStrategy<TKey, TValue>(pattern, config, startingOffsets);
    }

    /// <summary>Exactly <paramref name="partitions"/>; each must exist when a batch is cut, or the batch fails.</summary>
    /// <param name="partitions">The partitions; at least one.</param>
    /// <param name="config">As for <see cref="Subscribe{TKey, TValue}"/>.</param>
    /// <param name="startingOffsets">As for <see cref="Subscribe{TKey, TValue}"/>.</param>
    public static ConsumerStrategy<TKey, TValue> Assign<TKey, TValue>(
        IEnumerable<TopicPartition> partitions, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets = null)
    {
        ArgumentNullException.ThrowIfNull(partitions);
        TopicPartition[] assigned = [.. partitions.Distinct()];
        if (assigned.Length == 0)
        {
            throw new ArgumentException("Assign needs at least one partition.", nameof(partitions));
        }
        return new AssignStrategy<TKey, TValue>(assigned, config, startingOffsets);
    }
}

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
    /// The partitions to read now, from the cluster's <paramref name="metadata"/>, and what the strategy subscribes to
    /// that the cluster does not have yet (a topic, or a pattern no topic matches): those give no partition until they
    /// appear. Called by the driver at each batch, so topics and partitions added while running are picked up.
    /// Throws when an assigned partition does not exist.
    /// </summary>
    internal abstract (IReadOnlyList<TopicPartition> Partitions, IReadOnlyList<string> Missing) PartitionsIn(Metadata metadata);

    /// <summary>The partitions of <paramref name="topic"/>, or none when the cluster does not have it (yet).</summary>
    private protected static IReadOnlyList<TopicPartition> PartitionsOf(Metadata metadata, string topic)
    {
        var found = metadata.Topics.FirstOrDefault(t => t.Topic == topic);
        return found is null || found.Error.Code == ErrorCode.UnknownTopicOrPart
            ? []
            : [.. found.Partitions.Select(p => new TopicPartition(topic, p.PartitionId))];
    }
}

/// <summary>Subscribes to named topics: all their partitions, including ones added while running.</summary>
internal sealed class SubscribeStrategy<TKey, TValue>(IReadOnlyList<string> topics, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets)
    : ConsumerStrategy<TKey, TValue>(config, startingOffsets)
{
    internal override (IReadOnlyList<TopicPartition> Partitions, IReadOnlyList<string> Missing) PartitionsIn(Metadata metadata)
    {
        var found = topics.Select(topic => (Topic: topic, Partitions: PartitionsOf(metadata, topic))).ToList();
        return ([.. found.SelectMany(topic => topic.Partitions)], [.. found.Where(topic => topic.Partitions.Count == 0).Select(topic => $"Topic '{topic.Topic}'")]);
    }
}

/// <summary>Subscribes to every topic whose whole name matches a pattern, including topics created while running.</summary>
internal sealed class SubscribePatternStrategy<TKey, TValue>(Regex pattern, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets)
    : ConsumerStrategy<TKey, TValue>(config, startingOffsets)
{
    internal override (IReadOnlyList<TopicPartition> Partitions, IReadOnlyList<string> Missing) PartitionsIn(Metadata metadata)
    {
        List<TopicPartition> partitions = [.. metadata.Topics
            .Where(topic => topic.Error.Code == ErrorCode.NoError && !topic.Topic.StartsWith("__", StringComparison.Ordinal) && IsWholeMatch(topic.Topic))
            .SelectMany(topic => topic.Partitions.Select(p => new TopicPartition(topic.Topic, p.PartitionId)))];
        return (partitions, partitions.Count == 0 ? [$"A topic matching '{pattern}'"] : []);
    }

    private bool IsWholeMatch(string topic) => pattern.Match(topic) is { Success: true } match && match.Index == 0 && match.Length == topic.Length;
}

/// <summary>Reads a fixed set of partitions.</summary>
internal sealed class AssignStrategy<TKey, TValue>(IReadOnlyList<TopicPartition> partitions, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets)
    : ConsumerStrategy<TKey, TValue>(config, startingOffsets)
{
    /// <summary>Unlike a subscription, an assignment names partitions: one missing is an error, never a wait.</summary>
    internal override (IReadOnlyList<TopicPartition> Partitions, IReadOnlyList<string> Missing) PartitionsIn(Metadata metadata)
    {
        foreach (var topic in partitions.Select(p => p.Topic).Distinct())
        {
            var existing = PartitionsOf(metadata, topic);
            foreach (var partition in partitions.Where(p => p.Topic == topic && !existing.Contains(p)))
            {
                throw new KafkaException(new Error(ErrorCode.UnknownTopicOrPart,
                    $"Assigned partition {partition.Partition.Value} of topic '{topic}' does not exist: " +
                    (existing.Count == 0
                        ? $"the topic does not exist on {string.Join(',', metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"))}; create it, or check the name."
                        : $"the topic has {existing.Count} partitions (0 to {existing.Count - 1}).")));
            }
        }
        return (partitions, []);
    }
}

/// <summary>The ways a direct stream chooses its partitions (Spark's <c>ConsumerStrategies</c>).</summary>
public static class ConsumerStrategies
{
    /// <summary>All partitions of <paramref name="topics"/>, including partitions added while the stream runs (read from their earliest offset).</summary>
    /// <param name="topics">
    /// Topic names; at least one. A topic that does not exist yet gives empty batches (reported once, in the log and to
    /// listeners through <c>OnInputSourceError</c>) and is read from its first offset once it exists, as a Kafka
    /// consumer waits for the topics it subscribes to.
    /// </param>
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

    /// <summary>
    /// All partitions of every topic whose whole name matches <paramref name="pattern"/>, checked at every batch (internal
    /// topics, <c>__*</c>, excluded); a topic created while the stream runs is read from its first offset. While no topic
    /// matches, batches are empty (reported once, as for <see cref="Subscribe{TKey, TValue}"/>).
    /// </summary>
    /// <param name="pattern">The pattern a topic's whole name must match.</param>
    /// <param name="config">As for <see cref="Subscribe{TKey, TValue}"/>.</param>
    /// <param name="startingOffsets">As for <see cref="Subscribe{TKey, TValue}"/>.</param>
    public static ConsumerStrategy<TKey, TValue> SubscribePattern<TKey, TValue>(
        Regex pattern, ConsumerConfig config, IReadOnlyDictionary<TopicPartition, long>? startingOffsets = null)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return new SubscribePatternStrategy<TKey, TValue>(pattern, config, startingOffsets);
    }

    /// <summary>Exactly <paramref name="partitions"/>; each must exist when a batch is cut, or the batch fails naming the missing partition.</summary>
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

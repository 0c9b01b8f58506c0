using Confluent.Kafka;
using Ember.Streaming.Sources;

namespace Ember.Streaming.Kafka;

/// <summary>
/// Which executor reads each topic-partition of a direct stream's batches (Spark's <c>LocationStrategies</c>), set
/// through <see cref="KafkaStreamOptions.Locations"/>. A hint to the cluster's scheduler: a partition runs on its
/// executor when that executor has a free core, elsewhere otherwise; either way it reads exactly its offset range.
/// Keeping a partition on one executor keeps that executor's cached consumer for it warm (see
/// <see cref="KafkaStreamOptions.CacheConsumers"/>). Without a cluster every partition runs in the one process.
/// </summary>
/// <remarks>
/// Spark's third strategy, <c>PreferBrokers</c> (run on the executor of the host of the partition's leader), is not
/// offered: it only helps when executors share hosts with brokers, while Ember's executors are named by id, not
/// host (and <c>local-cluster</c> runs them all on 127.0.0.1), and it would cost a metadata lookup per batch on the
/// driver for no gain; <see cref="PreferConsistent"/> is what it degenerates to.
/// </remarks>
public sealed class LocationStrategy
{
    private readonly Dictionary<string, string> fixedExecutors;

    private LocationStrategy(Dictionary<string, string> fixedExecutors) => this.fixedExecutors = fixedExecutors;

    /// <summary>
    /// Spreads the partitions over the live executors by a stable hash of their topic and partition (Spark's
    /// <c>PreferConsistent</c>, the default): the same partition on the same executor batch after batch while the
    /// executors stay the same; when one is lost, its partitions move to the others.
    /// </summary>
    public static LocationStrategy PreferConsistent { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>
    /// Reads the partitions in <paramref name="executors"/> on the executor given (by id: <c>0</c>, <c>1</c>, ...),
    /// for uneven loads (Spark's <c>PreferFixed</c>); partitions not in the map, or whose executor is not alive, are
    /// placed as <see cref="PreferConsistent"/> places them.
    /// </summary>
    /// <param name="executors">Topic-partition to executor id.</param>
    /// <exception cref="ArgumentNullException"><paramref name="executors"/> is null.</exception>
    /// <exception cref="ArgumentException">An executor id is null or empty; the message names its partition.</exception>
    public static LocationStrategy PreferFixed(IReadOnlyDictionary<TopicPartition, string> executors)
    {
        ArgumentNullException.ThrowIfNull(executors);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (partition, executor) in executors)
        {
            if (string.IsNullOrEmpty(executor))
            {
                throw new ArgumentException($"The executor id of {partition} is empty.", nameof(executors));
            }
            map[KeyOf(partition.Topic, partition.Partition.Value)] = executor;
        }
        return new LocationStrategy(map);
    }

    /// <summary>Where the range's partition prefers to run.</summary>
    internal PartitionPlacement Place(OffsetRange range)
    {
        var key = KeyOf(range.Topic, range.Partition);
        return fixedExecutors.TryGetValue(key, out var executor) ? PartitionPlacement.Fixed(executor, key) : PartitionPlacement.Consistent(key);
    }

    /// <summary>The stable key of a topic-partition: the partition is the text after the last '-', so keys never collide.</summary>
    internal static string KeyOf(string topic, int partition) => $"{topic}-{partition}";

    /// <inheritdoc />
    public override string ToString() => fixedExecutors.Count == 0 ? "PreferConsistent"
        : $"PreferFixed({string.Join(", ", fixedExecutors.Select(pair => $"{pair.Key} -> {pair.Value}"))})";
}

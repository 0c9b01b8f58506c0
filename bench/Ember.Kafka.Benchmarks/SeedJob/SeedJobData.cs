using System.Globalization;
using Confluent.Kafka;

namespace Ember.Kafka.Benchmarks.SeedJob;

/// <summary>
/// The seed job's input, scaled down: <c>"&lt;sourceId&gt; &lt;value&gt;"</c> messages keyed by source (as a producer
/// keying by device would write them; no contender repartitions), one message in 50 malformed as the example's
/// producer sends; a record's timestamp is the second of the Ember batch that reads it (its offset ÷ records per
/// batch), so Streamiz's event-time windows and Ember's batch windows cover the same records.
/// </summary>
internal sealed class SeedJobData
{
    /// <summary>Window and slide in batches (seconds of event time): the example's 5 min and 1 min over 10 s batches.</summary>
    public const int WindowBatches = 30;
    public const int SlideBatches = 6;

    /// <summary>Event time of batch 0, a multiple of the slide so Streamiz's hopping windows start on batch boundaries.</summary>
    public static readonly long BaseTimestampMs = 1_700_000_000_000 / (SlideBatches * 1000) * (SlideBatches * 1000);

    private readonly long[,] sums;
    private readonly long[,] counts;

    private SeedJobData(int sources, int batches, long records, long malformed, long[,] sums, long[,] counts)
    {
        Sources = sources;
        Batches = batches;
        Records = records;
        Malformed = malformed;
        this.sums = sums;
        this.counts = counts;
    }

    public int Sources { get; }

    /// <summary>Batches (event-time seconds) the data spans; the last may be partial.</summary>
    public int Batches { get; }

    public long Records { get; }

    public long Malformed { get; }

    /// <summary>The running total of every source over all its valid readings.</summary>
    public IReadOnlyDictionary<int, long> Totals()
    {
        var totals = new Dictionary<int, long>();
        for (var source = 0; source < Sources; source++)
        {
            long total = 0;
            for (var batch = 0; batch < Batches; batch++)
            {
                total += sums[source, batch];
            }
            totals[source + 1] = total;
        }
        return totals;
    }

    /// <summary>The average of a source over batches <paramref name="first"/> to <paramref name="last"/> (clipped to the data); null when it has no reading there.</summary>
    public double? Average(int source, long first, long last)
    {
        long sum = 0, count = 0;
        for (var batch = Math.Max(0, first); batch <= Math.Min(last, Batches - 1); batch++)
        {
            sum += sums[source - 1, batch];
            count += counts[source - 1, batch];
        }
        return count == 0 ? null : (double)sum / count;
    }

    /// <summary>Produces <paramref name="records"/> messages from a fixed seed and returns what every contender must compute from them.</summary>
    public static SeedJobData Produce(string bootstrapServers, string topic, int partitions, int sources, long records, int recordsPerBatch)
    {
        var random = new Random(42);
        var level = Enumerable.Range(0, sources).Select(_ => random.Next(15, 36)).ToArray();
        var offsets = new long[partitions];
        var batches = (int)(records / partitions / recordsPerBatch + 2) * 2;
        var sums = new long[sources, batches];
        var counts = new long[sources, batches];
        long malformed = 0;
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 20, BatchSize = 1 << 20 }).Build();
        for (var sent = 1L; sent <= records; sent++)
        {
            var index = random.Next(sources);
            // A slow random walk per source, kept within 15..35, as the example's producer.
            level[index] = Math.Clamp(level[index] + random.Next(-2, 3), 15, 35);
            var source = index + 1;
            var partition = source % partitions;
            var batch = (int)(offsets[partition]++ / recordsPerBatch);
            var message = sent % 50 == 0 ? $"sensor-{source} n/a" : string.Create(CultureInfo.InvariantCulture, $"{source} {level[index]}");
            if (sent % 50 == 0)
            {
                malformed++;
            }
            else
            {
                sums[index, batch] += level[index];
                counts[index, batch]++;
            }
            var record = new Message<string, string>
            {
                Key = source.ToString(CultureInfo.InvariantCulture),
                Value = message,
                Timestamp = new Timestamp(BaseTimestampMs + batch * 1000L, TimestampType.CreateTime),
            };
            while (true)
            {
                try
                {
                    producer.Produce(new TopicPartition(topic, partition), record);
                    break;
                }
                catch (ProduceException<string, string> full) when (full.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(100));
                }
            }
        }
        producer.Flush(TimeSpan.FromMinutes(5));
        var spanned = (int)((offsets.Max() + recordsPerBatch - 1) / recordsPerBatch);
        return new SeedJobData(sources, spanned, records, malformed, sums, counts);
    }
}

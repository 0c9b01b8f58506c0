using Confluent.Kafka;
using Ember.Streaming;
using Ember.Streaming.Kafka;

namespace Ember.Cluster.Benchmarks.Streaming;

/// <summary>
/// The main job's graph (examples' realtimeanalytics: Kafka, parse, running totals per source, windowed sums per
/// source) with a CPU-heavy parse: each record's parse also runs <see cref="ParseIterations"/> rounds of a hash loop,
/// standing in for a real parser's work (JSON, validation), so that the read stage is CPU-bound.
/// </summary>
internal static class AnalyticsJob
{
    public const int ParseIterations = 20_000;

    /// <summary>
    /// The job on <paramref name="context"/>: reads <paramref name="topic"/> from the start (a fresh group), and adds
    /// each batch's per-source totals into <paramref name="totals"/> on the driver.
    /// </summary>
    public static void Build(StreamingContext context, string bootstrapServers, string topic, Action<IReadOnlyList<(int Source, long Total)>> totals)
    {
        var consumer = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = $"bench-{Guid.NewGuid():N}", AutoOffsetReset = AutoOffsetReset.Earliest };
        var values = KafkaUtils.CreateDirectStream(context, ConsumerStrategies.Subscribe<string, string>([topic], consumer))
            .Map(record => Parse(record.Value))
            .Filter(reading => reading.Source >= 0);
        values.UpdateStateByKey<int, long, long>((batch, state) => Option.Some(state.GetValueOrDefault(0) + batch.Sum()))
            .WithName("totals")
            .ForEachRdd(rdd => totals(rdd.Collect()));
        values.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, context.BatchInterval * 4, context.BatchInterval * 2)
            .WithName("window-sums")
            .ForEachRdd(rdd => rdd.Count());
    }

    /// <summary>"&lt;source&gt; &lt;value&gt;", two integers; anything else is (-1, 0).</summary>
    private static (int Source, long Value) Parse(string line)
    {
        var space = line.IndexOf(' ');
        int source = -1;
        long value = 0;
        var valid = space > 0 && int.TryParse(line.AsSpan(0, space), out source) && long.TryParse(line.AsSpan(space + 1), out value);
        var state = (ulong)line.Length + 1;
        for (var i = 0; i < ParseIterations; i++)
        {
            state ^= state >> 33;
            state *= 0xFF51AFD7ED558CCDUL;
            state ^= state >> 29;
        }
        // The loop's result decides nothing but must not be optimized away.
        return valid && state != 0 ? (source, value) : (-1, 0);
    }
}

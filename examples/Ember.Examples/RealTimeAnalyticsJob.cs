using Confluent.Kafka;
using Ember.Streaming;
using Ember.Streaming.Kafka;

namespace Ember.Examples;

/// <summary>The streaming graph of realtimeanalytics (the seed's section 4.1, with its bugs fixed).</summary>
internal static class RealTimeAnalyticsJob
{
    public const string TotalsFile = "total-bytes-received.txt";
    public const string AveragesFile = "average-temperature.txt";

    /// <summary>Builds the context: called by GetOrCreate on every start, fresh or recovering (no code is read from a checkpoint).</summary>
    public static StreamingContext Create(RealTimeAnalyticsOptions options, string bootstrapServers, string checkpoint)
    {
        var context = new StreamingContext(
            ExampleEngine.Options("RealTimeAnalytics", options.Master),
            options.BatchInterval,
            new StreamingOptions { StopGracefullyOnShutdown = true });
        context.Checkpoint(checkpoint);
        // Started before its topic exists (producers create it on first write), the job waits with empty batches: say so.
        context.AddStreamingListener(new SourceErrorPrinter());
        var output = options.Output;

        var consumer = new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = "real-time-analytics",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        };
        var readings = KafkaUtils.CreateDirectStream(context, ConsumerStrategies.Subscribe<string, string>([options.Topic], consumer))
            .Map(record => RealTimeAnalyticsReading.Parse(record.Value))
            .Cache();

        // Malformed messages: counted and reported once per batch, never a crash, never silently dropped.
        readings.ForEachRdd((rdd, time) =>
        {
            var malformed = rdd.Filter(reading => !reading.IsValid).Count();
            if (malformed > 0)
            {
                RealTimeAnalyticsMetrics.MalformedMessages.Add(malformed);
                Console.Error.WriteLine($"{time.ToDateTimeOffset().ToLocalTime():HH:mm:ss} {malformed} malformed messages skipped (expected \"<sourceId> <value>\", two integers)");
            }
        });

        var values = readings.Filter(reading => reading.IsValid).Map(reading => (reading.Source, (long)reading.Value));

        // (1) The running total per source since the start.
        SourceAggregates.RunningTotals(values, "totals")
            .ForEachRdd((rdd, time) => RealTimeAnalyticsOutput.Write(Path.Combine(output, TotalsFile), rdd.Collect(), RealTimeAnalyticsOutput.Total, time, "totals"));

        // (2) The average per source over the last window, every slide.
        SourceAggregates.WindowAverages(values, options.Window, options.Slide, "window-sums")
            .ForEachRdd((rdd, time) => RealTimeAnalyticsOutput.Write(Path.Combine(output, AveragesFile), rdd.Collect(), RealTimeAnalyticsOutput.Average, time, "window averages"));
        return context;
    }
}

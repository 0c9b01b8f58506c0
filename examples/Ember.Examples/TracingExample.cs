using Confluent.Kafka;
using Ember.Diagnostics;
using Ember.Streaming;
using Ember.Streaming.Kafka;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ember.Examples;

/// <summary>
/// <c>tracing [batches]</c>: Ember's spans on OpenTelemetry's console exporter. A word count reads an embedded Kafka
/// broker in one-second batches; each batch prints as one trace: the <c>ember.batch</c> root with its records and the
/// offset range read from each partition, an <c>ember.output</c> span for <c>Print</c>, and under it the
/// <c>ember.job</c> and <c>ember.stage</c> spans of the jobs <c>Print</c> ran. Any other exporter (OTLP, Jaeger,
/// Zipkin) takes the console exporter's place the same way: <c>AddSource(EmberTracing.ActivitySourceName)</c>.
/// </summary>
internal static class TracingExample
{
    private const string Topic = "lines";

    public static async Task<int> RunAsync(string[] args)
    {
        var batches = args.Length > 0 ? Arguments.PositiveInt(args[0], "batches") : 2;
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(resource => resource.AddService("ember-tracing-example"))
            .AddSource(EmberTracing.ActivitySourceName)
            .AddConsoleExporter()
            .Build();

        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(Topic, partitions: 2);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var consumer = new ConsumerConfig { BootstrapServers = kafka.BootstrapServers, GroupId = "tracing-example", AutoOffsetReset = AutoOffsetReset.Earliest };

        await using var ssc = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "Tracing" }, TimeSpan.FromSeconds(1));
        KafkaUtils.CreateDirectStream(ssc, ConsumerStrategies.Subscribe<string, string>([Topic], consumer))
            .FlatMap(record => record.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Map(word => (word, 1))
            .ReduceByKey((a, b) => a + b)
            .Print();
        ssc.Start();
        for (var batch = 0; batch < batches; batch++)
        {
            await producer.ProduceAsync(new TopicPartition(Topic, batch % 2), new Message<Null, string> { Value = "to be or not to be" });
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        await ssc.StopAsync(graceful: true);
        return 0;
    }
}

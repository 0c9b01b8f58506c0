using System.Runtime.InteropServices;
using Confluent.Kafka;
using Ember;
using Ember.Streaming;
using Ember.Streaming.Kafka;
using MyJob;

// A streaming word count over a Kafka topic. With no --bootstrap-servers (nor KAFKA_BOOTSTRAP_SERVERS) it starts an
// embedded broker in this process and feeds it sample lines; with one, only the address changes.
var settings = JobSettings.Parse(args, Environment.GetEnvironmentVariable("KAFKA_BOOTSTRAP_SERVERS"));

using var stop = new CancellationTokenSource(settings.Duration ?? Timeout.InfiniteTimeSpan);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopOn);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopOn);

await using var embedded = settings.BootstrapServers is null ? await EmbeddedKafka.StartAsync() : null;
var bootstrapServers = settings.BootstrapServers ?? embedded!.BootstrapServers;
var producer = Task.CompletedTask;
if (embedded is not null)
{
    await embedded.CreateTopicAsync(settings.Topic, partitions: 2);
    producer = SampleProducer.RunAsync(bootstrapServers, settings.Topic, stop.Token);
    Console.WriteLine($"Embedded Kafka broker at {bootstrapServers} (topic '{settings.Topic}'), fed with sample lines.");
}

await using var ssc = new StreamingContext(new EmberOptions { AppName = "MyJob" }, settings.BatchInterval);
var consumer = new ConsumerConfig
{
    BootstrapServers = bootstrapServers,
    GroupId = "MyJob",
    AutoOffsetReset = AutoOffsetReset.Earliest,
};
var lines = KafkaUtils.CreateDirectStream(ssc, ConsumerStrategies.Subscribe<string, string>([settings.Topic], consumer))
    .Map(record => record.Value);
WordCount.CountWords(lines).ForEachRdd((rdd, time) =>
{
    var top = rdd.Collect().OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal).Take(5);
    Console.WriteLine($"{time.ToDateTimeOffset().ToLocalTime():HH:mm:ss} {string.Join("  ", top.Select(pair => $"{pair.Key}: {pair.Value}"))}");
});

ssc.Start();
Console.WriteLine($"Counting the words of topic '{settings.Topic}' every {settings.BatchInterval.TotalSeconds:0.###} s; Ctrl+C stops.");
// Ends on Ctrl+C, SIGTERM or --duration; or at once when a batch fails (AwaitTerminationAsync then rethrows).
var stopped = new TaskCompletionSource();
using var onStop = stop.Token.Register(() => stopped.TrySetResult());
await Task.WhenAny(stopped.Task, ssc.AwaitTerminationAsync());
await stop.CancelAsync();
await producer;
await ssc.StopAsync(graceful: true);
await ssc.AwaitTerminationAsync();
return 0;

void StopOn(PosixSignalContext signal)
{
    signal.Cancel = true;
    stop.Cancel();
}

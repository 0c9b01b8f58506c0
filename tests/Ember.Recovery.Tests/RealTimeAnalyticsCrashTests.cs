using Ember.Streaming.Kafka;

namespace Ember.Recovery.Tests;

/// <summary>
/// Kills the realtimeanalytics example with SIGKILL at random moments while records flow into its Kafka topic,
/// restarts it from its checkpoint each time, and checks that its final totals equal the sum of everything
/// produced: every offset range read once into the state, none skipped, none twice.
/// </summary>
public sealed class RealTimeAnalyticsCrashTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-rta-crash");

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task RealTimeAnalytics_KilledRepeatedlyWhileRecordsFlow_TotalsEqualSumProduced()
    {
        var random = new Random(11);
        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(RealTimeAnalyticsRun.Topic);
        var (messages, expected, _, _) = RealTimeAnalyticsRun.Messages(600, seed: 11);
        var (checkpoint, output) = (workspace.Dir("checkpoint"), workspace.Dir("output"));
        var arguments = RealTimeAnalyticsRun.Arguments(kafka.BootstrapServers, output, checkpoint);

        var process = ExampleProcess.Start(arguments);
        var feeding = RealTimeAnalyticsRun.ProduceAsync(kafka.BootstrapServers, messages, TimeSpan.FromMilliseconds(10));

        await CrashWorkspace.CrashRepeatedlyThenVerifyAsync(
            process, arguments, random, 2000, feeding, JobOutput.ResultFile(RealTimeAnalyticsRun.TotalsFile(output)), expected,
            TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));
    }
}

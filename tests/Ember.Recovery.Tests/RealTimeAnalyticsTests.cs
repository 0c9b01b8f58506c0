using Ember.Streaming.Kafka;

namespace Ember.Recovery.Tests;

/// <summary>
/// The realtimeanalytics example end to end: on its own embedded broker and sample producer, and fed by real Kafka
/// clients we did not write (kcat, and the seed's Python producer on kafka-python), whose records it must count exactly.
/// </summary>
public sealed class RealTimeAnalyticsTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-rta");

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task RealTimeAnalytics_OnEmbeddedBroker_WritesSortedTotalsAndAverages()
    {
        var output = workspace.Dir("output");
        using var process = ExampleProcess.Start(
            "realtimeanalytics", "--batch-interval", "1s", "--window", "4s", "--slide", "2s", "--duration", "6s", "--output", output);
        await CrashWorkspace.WaitForAsync(() => process.HasExited, TimeSpan.FromSeconds(90));
        Assert.True(process.ExitCode == 0, $"realtimeanalytics exited with {process.ExitCode}:\n{process.Output}");

        var totals = RealTimeAnalyticsRun.ReadRows(RealTimeAnalyticsRun.TotalsFile(output));
        var averages = RealTimeAnalyticsRun.ReadRows(RealTimeAnalyticsRun.AveragesFile(output));
        Assert.All(totals, row => Assert.True(row.Value > 0, $"Source {row.Id} has total {row.Value}."));
        // The sample producer's values are 15..35, so every average is in that range.
        Assert.All(averages, row => Assert.InRange(row.Value, 15, 35));
    }

    [Fact]
    public async Task RealTimeAnalytics_RecordsProducedByKcat_CountedExactlyAndMalformedReported()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(RealTimeAnalyticsRun.Topic);
        var (messages, expected, averages, malformed) = RealTimeAnalyticsRun.Messages(400, seed: 5);
        await RealTimeAnalyticsRun.RunToolAsync("kcat", ["-P", "-b", kafka.BootstrapServers, "-t", RealTimeAnalyticsRun.Topic], string.Join('\n', messages) + "\n");

        var output = workspace.Dir("output");
        // Everything was produced before the job started, so its first batch reads it all, and one window holds it.
        var printed = await RealTimeAnalyticsRun.RunUntilTotalsAsync(kafka.BootstrapServers, output, expected, averages);

        Assert.Equal(malformed, RealTimeAnalyticsRun.MalformedReported(printed));
    }

    [Fact]
    public async Task RealTimeAnalytics_StartedBeforeAnythingProduced_CountsEverythingKcatProducesAfterwards()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        var (messages, expected, averages, malformed) = RealTimeAnalyticsRun.Messages(400, seed: 11);
        var output = workspace.Dir("output");
        using var job = ExampleProcess.Start(RealTimeAnalyticsRun.Arguments(kafka.BootstrapServers, output));
        // The usual order of a deployment: the job is up, waiting with empty batches, before its topic exists.
        await CrashWorkspace.WaitForAsync(() => job.HasExited || job.Output.Contains($"Topic '{RealTimeAnalyticsRun.Topic}' does not exist yet", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        Assert.False(job.HasExited, $"The job exited before its topic existed:\n{job.Output}");

        // kcat creates the topic with its first write, as producers do.
        await RealTimeAnalyticsRun.RunToolAsync("kcat", ["-P", "-b", kafka.BootstrapServers, "-t", RealTimeAnalyticsRun.Topic], string.Join('\n', messages) + "\n");
        var printed = await RealTimeAnalyticsRun.StopAtTotalsAsync(job, output, expected, averages);

        Assert.Equal(malformed, RealTimeAnalyticsRun.MalformedReported(printed));
        Assert.Single(printed.Split('\n'), line => line.Contains("does not exist yet", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RealTimeAnalytics_SeedPythonProducer_CountedExactly()
    {
        await using var kafka = await EmbeddedKafka.StartAsync();
        await kafka.CreateTopicAsync(RealTimeAnalyticsRun.Topic);
        // Debian's python3 has the kafka package (python3-kafka), whichever python3 comes first on the PATH.
        await RealTimeAnalyticsRun.RunToolAsync("/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "seed_producer.py"), kafka.BootstrapServers]);

        var output = workspace.Dir("output");
        await RealTimeAnalyticsRun.RunUntilTotalsAsync(kafka.BootstrapServers, output, new Dictionary<string, long> { ["1"] = 25, ["2"] = 20 },
            RealTimeAnalyticsRun.AveragesLine(new Dictionary<string, double> { ["1"] = 12.5, ["2"] = 20 }));
    }
}

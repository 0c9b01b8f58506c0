using Ember.Streaming;
using Ember.Streaming.Testing;

namespace MyJob.Tests;

public class WordCountTests
{
    [Fact]
    public async Task CountWords_TwoBatches_CountsEachBatchOnItsOwn()
    {
        var outputs = await StreamingTest.RunAsync(
            input: new[] { new[] { "The quick fox", "the lazy dog." }, new[] { "Fox!" } },
            operation: (DStream<string> lines) => WordCount.CountWords(lines),
            batches: 3);

        Assert.Equal([("dog", 1), ("fox", 1), ("lazy", 1), ("quick", 1), ("the", 2)], outputs[0].OrderBy(pair => pair.Key, StringComparer.Ordinal));
        Assert.Equal([("fox", 1)], outputs[1]);
        Assert.Empty(outputs[2]);
    }

    [Fact]
    public void Parse_BootstrapServersArgument_OverridesTheEnvironment()
    {
        var settings = JobSettings.Parse(["--bootstrap-servers", "broker:9092", "--batch-interval", "00:00:05"], "other:9092");

        Assert.Equal("broker:9092", settings.BootstrapServers);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.BatchInterval);
    }

    [Fact]
    public void Parse_NoBootstrapServers_MeansTheEmbeddedBroker()
    {
        Assert.Null(JobSettings.Parse([], null).BootstrapServers);
    }
}

using System.Text.RegularExpressions;

namespace Ember.Packaging.Tests;

[Collection(PackedFeedCollection.Name)]
public sealed class TemplateTests(PackedFeed feed)
{
    [Fact]
    public async Task NewEmberStreaming_FromTheTemplatePackage_TestsPassAndTheJobCountsKafkaWords()
    {
        string[] hive = ["--debug:custom-hive", feed.TemplateHive];
        await DotnetCli.RunAsync(feed.Work, PackedFeed.CommandTimeout, feed.Environment, ["new", "install", feed.PackageFile("Ember.Templates"), .. hive]);
        await DotnetCli.RunAsync(feed.Work, PackedFeed.CommandTimeout, feed.Environment, ["new", "ember-streaming", "-n", "MyJob", .. hive]);
        var solution = Path.Combine(feed.Work, "MyJob");

        var tests = await DotnetCli.RunAsync(solution, PackedFeed.CommandTimeout, feed.Environment, "test");
        Assert.Matches(@"Passed!\s+-\s+Failed:\s+0,\s+Passed:\s+3", tests);

        // The job itself, on its embedded broker and sample producer, for a few one-second batches.
        var job = await DotnetCli.RunAsync(solution, PackedFeed.CommandTimeout, feed.Environment,
            "run", "--project", "MyJob", "--no-build", "--", "--batch-interval", "00:00:01", "--duration", "00:00:06");
        Assert.Contains("Embedded Kafka broker at 127.0.0.1:", job, StringComparison.Ordinal);
        Assert.Matches(new Regex(@"^\d\d:\d\d:\d\d .*\bthe: \d+", RegexOptions.Multiline), job);
    }
}

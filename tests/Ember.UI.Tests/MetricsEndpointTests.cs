using System.Diagnostics.Metrics;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

[Collection(RunningJobCollection.Name)]
public class MetricsEndpointTests(RunningJob job)
{
    [Fact]
    public async Task Metrics_RunningJob_ParseAsPrometheusTextWithTheEnginesCountersAndHistograms()
    {
        var before = job.Recorder.Completed.Count;

        var (types, samples) = PrometheusText.Parse(await job.Http.GetStringAsync(new Uri(job.UI.Address, "metrics")));

        Assert.Equal("counter", types["ember_streaming_batches_total"]);
        var batches = samples.Single(sample => sample.Name == "ember_streaming_batches_total" && sample.Labels.GetValueOrDefault("ember_application") == job.UI.ApplicationId);
        Assert.True(batches.Value >= before, $"{batches.Value} batches exported, {before} completed before the scrape");
        Assert.Equal("histogram", types["ember_streaming_processing_time_milliseconds"]);
        var count = samples.Single(sample => sample.Name == "ember_streaming_processing_time_milliseconds_count" && sample.Labels.GetValueOrDefault("ember_application") == job.UI.ApplicationId);
        // One count per completed batch; a scrape may fall between a batch's counter and its histogram, hence the 1.
        Assert.Equal(batches.Value, count.Value, 1.0);
        Assert.Contains(samples, sample => sample.Name == "ember_streaming_processing_time_milliseconds_bucket" && sample.Labels["le"] == "+Inf");
    }

    [Fact]
    public async Task Metrics_MetersNamedEmberStar_AreExportedAndOthersAreNot()
    {
        using var application = new Meter("Ember.Tests.Shop");
        using var other = new Meter("Contoso.Shop");
        application.CreateCounter<long>("ember_tests_orders").Add(7);
        other.CreateCounter<long>("contoso_orders").Add(3);

        var (_, samples) = PrometheusText.Parse(await job.Http.GetStringAsync(new Uri(job.UI.Address, "metrics")));

        Assert.Equal(7, samples.Single(sample => sample.Name == "ember_tests_orders_total").Value);
        Assert.DoesNotContain(samples, sample => sample.Name.StartsWith("contoso", StringComparison.Ordinal));
    }
}

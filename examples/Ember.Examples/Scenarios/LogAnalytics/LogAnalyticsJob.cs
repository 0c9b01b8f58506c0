using Ember.Streaming;

namespace Ember.Examples.Scenarios.LogAnalytics;

/// <summary>The streams of the loganalytics job, each an answer the operations team reads.</summary>
/// <param name="StatusCounts">Per batch, the requests of each HTTP status.</param>
/// <param name="Malformed">Per batch, the lines that were not access-log lines (0 included).</param>
/// <param name="TopUrls">Every slide, the most requested URLs over the window, most requested first (ties by URL).</param>
/// <param name="ErrorRates">Every slide, requests and server errors over the window.</param>
/// <param name="Alerts">The windows whose server-error rate is above the threshold.</param>
internal sealed record LogAnalyticsStreams(
    DStream<(int Status, long Requests)> StatusCounts,
    DStream<long> Malformed,
    DStream<(string Url, long Hits)> TopUrls,
    DStream<ErrorRate> ErrorRates,
    DStream<ErrorRate> Alerts);

/// <summary>The graph of the loganalytics scenario, on any stream of access-log lines.</summary>
internal static class LogAnalyticsJob
{
    private static readonly IComparer<(long Hits, string Url)> MostHitsFirst = Comparer<(long Hits, string Url)>.Create((a, b) =>
        a.Hits != b.Hits ? b.Hits.CompareTo(a.Hits) : string.CompareOrdinal(a.Url, b.Url));

    public static LogAnalyticsStreams Define(DStream<string> lines, LogAnalyticsOptions options)
    {
        var parsed = lines.Map(AccessLogEntry.TryParse).Cache();
        var entries = parsed.Filter(entry => entry is not null).Map(entry => entry!);
        var statusCounts = entries.Map(entry => (entry.Status, 1L)).ReduceByKey((a, b) => a + b);
        var malformed = parsed.Filter(entry => entry is null).Count();

        // Hits per URL kept incrementally over the window; URLs whose hits all left the window are dropped. The
        // ranking sorts into one partition, so its first items are the top.
        var top = options.Top;
        var topUrls = entries.Map(entry => (entry.Url, 1L))
            .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, options.Window, options.Slide, filter: pair => pair.Value > 0)
            .WithName("url-hits")
            .Transform(rdd => rdd.Map(pair => ((Hits: pair.Value, Url: pair.Key), pair.Value)).SortByKey(partitions: 1, comparer: MostHitsFirst)
                .MapPartitions(items => items.Take(top).Select(item => (item.Key.Url, item.Value))));

        var errorRates = entries.Map(entry => new ErrorRate(1, entry.IsServerError ? 1 : 0))
            .ReduceByWindow((a, b) => a + b, (a, b) => a - b, options.Window, options.Slide)
            .WithName("error-rate");
        var threshold = options.Threshold;
        var alerts = errorRates.Filter(rate => rate.Requests > 0 && rate.Rate > threshold);
        return new LogAnalyticsStreams(statusCounts, malformed, topUrls, errorRates, alerts);
    }
}

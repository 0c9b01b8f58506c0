using Ember.Examples.Scenarios.LogAnalytics;
using Ember.Streaming.Testing;

namespace Ember.Examples.Tests.Scenarios;

public sealed class LogAnalyticsTests
{
    // Batches of 1 s; a window of 4 batches sliding by 2; the incident in batches 4 to 7.
    private static readonly LogAnalyticsOptions Options = new()
    {
        Window = TimeSpan.FromSeconds(4),
        Slide = TimeSpan.FromSeconds(2),
        Threshold = 0.10,
        Top = 3,
        Incident = 4..8,
    };

    private static readonly AccessLogGenerator Generator = new(seed: 5, linesPerBatch: 300, TimeSpan.FromSeconds(1), Options.Incident);

    private static readonly IReadOnlyList<IReadOnlyList<string>> Lines = [.. Enumerable.Range(0, 14).Select(batch => Generator.Batch(batch).ToList())];

    private static readonly List<List<AccessLogEntry>> Entries =
        [.. Lines.Select(batch => batch.Select(AccessLogEntry.TryParse).OfType<AccessLogEntry>().ToList())];

    [Fact]
    public async Task StatusCounts_EachBatch_AreTheRequestsPerStatusOfItsLines()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => LogAnalyticsJob.Define(lines, Options).StatusCounts, Lines.Count);

        Assert.Equal(
            Entries.Select(batch => batch.GroupBy(entry => entry.Status).Select(g => (g.Key, (long)g.Count())).OrderBy(c => c.Key).ToList()),
            outputs.Select(batch => batch.OrderBy(c => c.Status).ToList()));
        Assert.Contains(outputs[5], count => count.Status == 503);
        Assert.DoesNotContain(outputs[1], count => count.Status == 503);
    }

    [Fact]
    public async Task Malformed_EachBatch_CountsTheLinesThatAreNotAccessLogLines()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => LogAnalyticsJob.Define(lines, Options).Malformed, Lines.Count);

        Assert.Equal(Lines.Select((batch, i) => (long)(batch.Count - Entries[i].Count)), outputs.Select(batch => batch.Single()));
        Assert.True(outputs.Sum(batch => batch.Single()) > 0, "the generator writes some garbage lines");
    }

    [Fact]
    public async Task TopUrls_EachSlide_AreTheMostRequestedOverTheWindow()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => LogAnalyticsJob.Define(lines, Options).TopUrls, Lines.Count);

        var expected = Windows.Of(Entries, window: 4, slide: 2).Select(w => w.Records
            .GroupBy(entry => entry.Url).Select(g => (g.Key, (long)g.Count()))
            .OrderByDescending(url => url.Item2).ThenBy(url => url.Key, StringComparer.Ordinal).Take(3).ToList());
        Assert.Equal(expected, outputs);
        Assert.All(outputs, top => Assert.Equal("/", top[0].Url));
    }

    [Fact]
    public async Task Alerts_ServerErrorRateOverTheWindowAboveThreshold_RaisedForTheIncidentOnly()
    {
        var rates = await StreamingTest.RunAsync(Lines, lines => LogAnalyticsJob.Define(lines, Options).ErrorRates, Lines.Count);
        var alerts = await StreamingTest.RunAsync(Lines, lines => LogAnalyticsJob.Define(lines, Options).Alerts, Lines.Count);

        var windows = Windows.Of(Entries, window: 4, slide: 2);
        Assert.Equal(
            windows.Select(w => new ErrorRate(w.Records.Count, w.Records.Count(entry => entry.Status >= 500))),
            rates.Select(batch => batch.Single()));
        // Windows ending at batches 1, 3, 5, 7, 9, 11, 13: the incident (4..7) fills most of those ending at 5, 7 and 9.
        Assert.Equal([false, false, true, true, true, false, false], alerts.Select(batch => batch.Count == 1));
        Assert.Equal(rates.Select(batch => batch.Single().Rate > 0.10), alerts.Select(batch => batch.Count == 1));
    }

    [Fact]
    public void TryParse_CombinedLogLine_ReadsItsFields()
    {
        var entry = AccessLogEntry.TryParse("203.0.113.9 - frank [24/Nov/2026:08:00:01 +0000] \"GET /api/search?q=shoes HTTP/1.1\" 503 - \"-\" \"curl/8.5.0\"");

        Assert.Equal(new AccessLogEntry("203.0.113.9", new DateTimeOffset(2026, 11, 24, 8, 0, 1, TimeSpan.Zero), "GET", "/api/search", 503, 0), entry);
        Assert.True(entry!.IsServerError);
        Assert.Null(AccessLogEntry.TryParse("GET /broken-line-without-fields"));
    }
}

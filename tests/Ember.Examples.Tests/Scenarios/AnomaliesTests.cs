using Ember.Examples.Scenarios.Anomalies;
using Ember.Streaming.Testing;

namespace Ember.Examples.Tests.Scenarios;

public sealed class AnomaliesTests
{
    // Batches of 1 s, a window of 10 batches sliding every batch; trades 5 deviations away are flagged.
    private static readonly AnomaliesOptions Options = new() { Window = TimeSpan.FromSeconds(10) };

    private static readonly TradeGenerator Generator = new(seed: 8, tradesPerBatch: 60, TimeSpan.FromSeconds(1));

    private static readonly List<List<(Trade Trade, bool Injected)>> Trades = [.. Enumerable.Range(0, 24).Select(batch => Generator.Trades(batch).ToList())];

    private static readonly IReadOnlyList<IReadOnlyList<string>> Lines = [.. Trades.Select(batch => batch.Select(t => t.Trade.ToString()).ToList())];

    [Fact]
    public async Task Anomalies_GeneratedFeed_FlagsExactlyTheInjectedTrades()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => AnomaliesJob.Define(lines, Options).Anomalies, Lines.Count);

        // Injected at batches 6, 10, 14, 18, 22, each found in its own batch, and nothing else flagged.
        Assert.Equal(
            Trades.Select(batch => batch.Where(t => t.Injected).Select(t => t.Trade.Id).ToList()),
            outputs.Select(batch => batch.Select(anomaly => anomaly.Trade.Id).ToList()));
        Assert.Equal(5, outputs.Sum(batch => batch.Count));
        Assert.All(outputs.SelectMany(batch => batch), anomaly => Assert.InRange(Math.Abs(anomaly.Score), 5, double.MaxValue));
    }

    [Fact]
    public async Task Anomaly_IsMeasuredAgainstTheWindowBeforeItsBatch()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => AnomaliesJob.Define(lines, Options).Anomalies, Lines.Count);

        var anomaly = outputs[6].Single();
        var before = Trades.Take(6).SelectMany(batch => batch).Where(t => t.Trade.Symbol == anomaly.Trade.Symbol).Select(t => t.Trade.Price).ToList();
        Assert.Equal(before.Average(), anomaly.Mean, 1e-9);
        Assert.Equal(Math.Sqrt(before.Average(p => p * p) - before.Average() * before.Average()), anomaly.Deviation, 1e-6);
    }

    [Fact]
    public async Task Statistics_EachBatch_AreEachSymbolsPricesOverTheWindow()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => AnomaliesJob.Define(lines, Options).Statistics, Lines.Count);

        var windows = Windows.Of([.. Trades.Select(batch => (IReadOnlyList<Trade>)[.. batch.Select(t => t.Trade)])], window: 10, slide: 1);
        Assert.Equal(windows.Count, outputs.Count);
        foreach (var (window, output) in windows.Zip(outputs))
        {
            var expected = window.Records.GroupBy(trade => trade.Symbol).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
            var actual = output.OrderBy(s => s.Symbol, StringComparer.Ordinal).ToList();
            Assert.Equal(expected.Select(g => (g.Key, (long)g.Count())), actual.Select(s => (s.Symbol, s.Stats.Count)));
            Assert.All(expected.Zip(actual), pair => Assert.Equal(pair.First.Average(trade => trade.Price), pair.Second.Stats.Mean, 1e-9));
        }
    }

    [Fact]
    public void TryParse_FeedLine_RoundTripsAndRejectsGarbage()
    {
        var trade = new Trade("T1", new DateTimeOffset(2026, 11, 24, 14, 30, 0, 250, TimeSpan.Zero), "AAPL", 189.52, 100);

        Assert.Equal("T1,2026-11-24T14:30:00.250Z,AAPL,189.52,100", trade.ToString());
        Assert.Equal(trade, Trade.TryParse(trade.ToString()));
        Assert.Null(Trade.TryParse("T1,2026-11-24T14:30:00Z,AAPL,-3,100"));
        Assert.Null(Trade.TryParse("hello"));
    }
}

using Ember.Streaming;

namespace Ember.Examples.Scenarios.Anomalies;

/// <summary>The streams of the anomalies job.</summary>
/// <param name="Statistics">Every batch, each symbol's price statistics over the window ending with the batch.</param>
/// <param name="Anomalies">Every batch, its trades further than the threshold from their symbol's window before the batch.</param>
internal sealed record AnomaliesStreams(DStream<(string Symbol, PriceStats Stats)> Statistics, DStream<Anomaly> Anomalies);

/// <summary>The graph of the anomalies scenario, on any stream of trade lines.</summary>
internal static class AnomaliesJob
{
    public static AnomaliesStreams Define(DStream<string> lines, AnomaliesOptions options)
    {
        var trades = lines.Map(Trade.TryParse).Filter(trade => trade is not null).Map(trade => trade!).Cache();
        var perBatch = trades.Map(trade => (trade.Symbol, PriceStats.Of(trade.Price))).ReduceByKey((a, b) => a + b);
        var statistics = perBatch
            .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, options.Window, filter: pair => pair.Value.Count > 0)
            .WithName("price-stats");

        // A trade is judged against the window before its own batch (the window minus the batch), so an outlier
        // never widens the deviation it is measured by.
        var before = statistics.Join(perBatch).MapValues(pair => pair.Left - pair.Right);
        var (deviations, minTrades) = (options.Deviations, options.MinTrades);
        var anomalies = trades.Map(trade => (trade.Symbol, trade)).Join(before)
            .Filter(pair => pair.Value.Right.Count >= minTrades
                && Math.Abs(pair.Value.Left.Price - pair.Value.Right.Mean) > deviations * pair.Value.Right.Deviation)
            .Map(pair => new Anomaly(pair.Value.Left, pair.Value.Right.Mean, pair.Value.Right.Deviation));
        return new AnomaliesStreams(statistics, anomalies);
    }
}

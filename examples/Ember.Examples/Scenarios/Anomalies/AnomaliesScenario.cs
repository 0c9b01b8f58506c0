using System.Globalization;
using Ember.Streaming;

namespace Ember.Examples.Scenarios.Anomalies;

/// <summary>
/// The seed's real-time financial transactions: a trade feed; per symbol, the mean and deviation of prices over a
/// sliding window, kept incrementally; trades further than N deviations from their symbol's mean are flagged.
/// </summary>
internal static class AnomaliesScenario
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = ScenarioOptions.Parse<AnomaliesOptions>("anomalies", args);
        var generator = new TradeGenerator(options.Seed, options.Rate, options.BatchInterval);
        return ScenarioRunner.RunAsync("anomalies", options, generator.Batch, lines =>
        {
            var job = AnomaliesJob.Define(lines, options);
            job.Statistics.ForEachRdd((rdd, time) =>
                Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] " + string.Join("  ", rdd.Collect().OrderBy(s => s.Symbol, StringComparer.Ordinal)
                    .Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Symbol} {s.Stats.Mean:0.00}±{s.Stats.Deviation:0.00} (n {s.Stats.Count})")))));
            job.Anomalies.ForEachRdd((rdd, time) =>
            {
                foreach (var anomaly in rdd.Collect().OrderBy(a => a.Trade.Id, StringComparer.Ordinal))
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"[{ScenarioRunner.Stamp(time)}] ANOMALY {anomaly.Trade.Id} {anomaly.Trade.Symbol} {anomaly.Trade.Quantity} @ {anomaly.Trade.Price:0.00}: "
                        + $"{anomaly.Score:+0.0;-0.0} σ from the window's {anomaly.Mean:0.00}±{anomaly.Deviation:0.00}"));
                }
            });
        });
    }
}

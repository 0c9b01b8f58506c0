using System.Globalization;

namespace Ember.Examples.Scenarios.Anomalies;

/// <summary>
/// Generates a trade feed, batch by batch, reproducibly from a seed: a few symbols whose prices drift slowly (a
/// cycle of ±0.5% over 600 batches) with 0.1% noise per trade, and, from batch <see cref="FirstAnomalyBatch"/> on,
/// one mispriced trade (4% off) every <see cref="AnomalyEvery"/> batches: the known answers.
/// </summary>
internal sealed class TradeGenerator(int seed, int tradesPerBatch, TimeSpan batchInterval)
{
    public const int FirstAnomalyBatch = 6;
    public const int AnomalyEvery = 4;

    private static readonly DateTimeOffset Start = new(2026, 11, 24, 14, 30, 0, TimeSpan.Zero);

    private static readonly (string Symbol, double Price)[] Symbols =
        [("AAPL", 189.50), ("MSFT", 421.20), ("NVDA", 482.10), ("AMZN", 181.30), ("TSLA", 241.70), ("JPM", 198.40)];

    public IEnumerable<string> Batch(int batch) => Trades(batch).Select(trade => trade.Trade.ToString());

    /// <summary>The batch's trades, each marked when it is an injected anomaly.</summary>
    public IEnumerable<(Trade Trade, bool Injected)> Trades(int batch)
    {
        var random = BatchRandom.For(seed, batch);
        var anomalous = batch >= FirstAnomalyBatch && (batch - FirstAnomalyBatch) % AnomalyEvery == 0 ? random.Next(tradesPerBatch) : -1;
        for (var i = 0; i < tradesPerBatch; i++)
        {
            var (symbol, basePrice) = Symbols[random.Next(Symbols.Length)];
            var fair = basePrice * (1 + 0.005 * Math.Sin(2 * Math.PI * batch / 600));
            var price = fair * (1 + 0.001 * Gaussian(random));
            if (i == anomalous)
            {
                price = fair * (random.Next(2) == 0 ? 1.04 : 0.96);
            }
            var time = Start + batchInterval * batch + batchInterval * i / tradesPerBatch;
            var id = $"T{batch:D5}{i:D4}";
            yield return (new Trade(id, time, symbol, Math.Round(price, 2), 10 * random.Next(1, 50)), i == anomalous);
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}

namespace Ember.Examples.Scenarios.Anomalies;

/// <summary>A trade judged anomalous: its price, and the mean and deviation of its symbol's window before it.</summary>
internal sealed record Anomaly(Trade Trade, double Mean, double Deviation)
{
    /// <summary>How many standard deviations the price lies from the mean (signed).</summary>
    public double Score => (Trade.Price - Mean) / Deviation;
}

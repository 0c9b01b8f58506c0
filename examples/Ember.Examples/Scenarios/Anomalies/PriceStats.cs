namespace Ember.Examples.Scenarios.Anomalies;

/// <summary>
/// Count, sum and sum of squares of prices: enough for the mean and the standard deviation, and invertible, so a
/// window can drop the batches that leave it (the inverse-function form of ReduceByKeyAndWindow).
/// </summary>
internal readonly record struct PriceStats(long Count, double Sum, double SumOfSquares)
{
    public static PriceStats Of(double price) => new(1, price, price * price);

    public double Mean => Count == 0 ? 0 : Sum / Count;

    /// <summary>The population standard deviation (0 for fewer than two prices; rounding never makes it NaN).</summary>
    public double Deviation => Count < 2 ? 0 : Math.Sqrt(Math.Max(0, SumOfSquares / Count - Mean * Mean));

    public static PriceStats operator +(PriceStats a, PriceStats b) => new(a.Count + b.Count, a.Sum + b.Sum, a.SumOfSquares + b.SumOfSquares);

    public static PriceStats operator -(PriceStats a, PriceStats b) => new(a.Count - b.Count, a.Sum - b.Sum, a.SumOfSquares - b.SumOfSquares);
}

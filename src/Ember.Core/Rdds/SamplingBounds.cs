namespace Ember.Rdds;

/// <summary>
/// Spark's bounds for exact stratified sampling (SamplingUtils.scala): rates below which an item is accepted at
/// once, and above which it is rejected at once, so that only a short wait list decides the exact sample size.
/// </summary>
internal static class SamplingBounds
{
    /// <summary>Spark's failure probability per stratum when sampling without replacement.</summary>
    public const double BinomialDelta = 5e-5;

    private const double MinSamplingRate = 1e-10;

    /// <summary>
    /// A rate p such that n Bernoulli(p) trials are very unlikely to give more than <c>fraction * n</c> successes.
    /// NaN for n = 0 (Spark's formula divides by n), which accepts nothing at once.
    /// </summary>
    public static double BinomialLower(long n, double fraction)
    {
        var gamma = -Math.Log(BinomialDelta) / n * (2.0 / 3.0);
        return fraction + gamma - Math.Sqrt((gamma * gamma) + (3 * gamma * fraction));
    }

    /// <summary>
    /// A rate p such that n Bernoulli(p) trials are very unlikely to give fewer than <c>fraction * n</c> successes; 1
    /// for n = 0, the formula's limit. (Spark evaluates it at n = 0, which for a fraction of 0 gives NaN and so
    /// rejects a key's first item in the counting pass, yet the sampling pass may then keep it: a key with fraction 0
    /// could appear in Spark's exact sample.)
    /// </summary>
    public static double BinomialUpper(long n, double fraction, double delta = BinomialDelta)
    {
        if (n == 0)
        {
            return 1;
        }
        var gamma = -Math.Log(delta) / n;
        return Math.Min(1, Math.Max(MinSamplingRate, fraction + gamma + Math.Sqrt((gamma * gamma) + (2 * gamma * fraction))));
    }

    /// <summary>A mean λ such that a Poisson(λ) draw is very unlikely to exceed <paramref name="sampleSize"/>.</summary>
    public static double PoissonLower(double sampleSize) => Math.Max(sampleSize - (StandardDeviations(sampleSize) * Math.Sqrt(sampleSize)), 1e-15);

    /// <summary>A mean λ such that a Poisson(λ) draw is very unlikely to fall below <paramref name="sampleSize"/>.</summary>
    public static double PoissonUpper(double sampleSize) => Math.Max(sampleSize + (StandardDeviations(sampleSize) * Math.Sqrt(sampleSize)), 1e-10);

    // Spark's empirical margins: small samples need more standard deviations for the same confidence.
    private static double StandardDeviations(double sampleSize) => sampleSize switch
    {
        < 6.0 => 12.0,
        < 16.0 => 9.0,
        _ => 6.0,
    };
}

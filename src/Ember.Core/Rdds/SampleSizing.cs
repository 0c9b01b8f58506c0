namespace Ember.Rdds;

/// <summary>
/// How much to over-sample so that one <c>Sample</c> pass almost always yields at least the records a
/// <c>TakeSample</c> asked for (Spark's SamplingUtils), and the shuffle that puts the sample in random order.
/// </summary>
internal static class SampleSizing
{
    /// <summary>Spark's bound on a requested sample size, keeping room for the over-sampling margin below <see cref="int.MaxValue"/>.</summary>
    public static readonly int MaxSampleSize = int.MaxValue - (int)(10.0 * Math.Sqrt(int.MaxValue));

    // The chance that a sample without replacement comes up short (then TakeSample samples again).
    private const double Delta = 1e-4;

    /// <summary>
    /// A fraction that gives at least <paramref name="sampleSize"/> of <paramref name="total"/> records with
    /// probability above 99.99%: a Poisson upper bound with replacement, a binomial one without.
    /// </summary>
    public static double FractionFor(int sampleSize, long total, bool withReplacement)
        => withReplacement
            ? SamplingBounds.PoissonUpper(sampleSize) / total
            : SamplingBounds.BinomialUpper(total, (double)sampleSize / total, Delta);

    /// <summary>Fisher-Yates: every order of <paramref name="items"/> equally likely, driven by <paramref name="random"/>.</summary>
    public static void Shuffle<T>(T[] items, Random random)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

namespace Ember.Rdds;

/// <summary>Bernoulli and Poisson sampling of one partition's records with a fixed seed.</summary>
internal static class Sampler
{
    public static IEnumerable<T> Sample<T>(IEnumerable<T> items, bool withReplacement, double fraction, int seed)
    {
        var random = new Random(seed);
        foreach (var item in items)
        {
            var copies = withReplacement ? Poisson(random, fraction) : random.NextDouble() < fraction ? 1 : 0;
            for (var i = 0; i < copies; i++)
            {
                yield return item;
            }
        }
    }

    // Knuth's method loses precision once e^-mean underflows (mean > ~700), so large means are drawn in chunks:
    // a sum of independent Poisson variables is Poisson with the summed mean.
    private const double MaxChunkMean = 500;

    /// <summary>A Poisson(<paramref name="mean"/>) draw; always consumes at least one value of <paramref name="random"/>.</summary>
    public static int Poisson(Random random, double mean)
    {
        var total = 0;
        for (; mean > MaxChunkMean; mean -= MaxChunkMean)
        {
            total += PoissonChunk(random, MaxChunkMean);
        }
        return total + PoissonChunk(random, mean);
    }

    private static int PoissonChunk(Random random, double mean)
    {
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }
        return count;
    }
}

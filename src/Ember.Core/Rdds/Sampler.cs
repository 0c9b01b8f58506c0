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

    // Knuth's method: fine for the small means sampling uses.
    private static int Poisson(Random random, double mean)
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

namespace Ember.Examples.Scenarios;

/// <summary>
/// The random source of one generated batch: the same (seed, batch) always gives the same numbers, in every process
/// (unlike <see cref="HashCode"/>, which is seeded per process), so any batch can be generated on its own.
/// </summary>
internal static class BatchRandom
{
    public static Random For(int seed, int batch) => new(unchecked(seed * 1_000_003 + batch));
}

namespace Ember.Rdds;

/// <summary>
/// Spark's BernoulliCellSampler: draws one uniform number per record and keeps the record when it falls in
/// [<c>lower</c>, <c>upper</c>). Every split of a <c>RandomSplit</c> replays the same draws with the same seed, so
/// the cells of [0, 1) place each record in exactly one split.
/// </summary>
internal static class CellSampler
{
    public static IEnumerable<T> Sample<T>(IEnumerable<T> items, double lower, double upper, int seed)
    {
        if (upper <= lower)
        {
            yield break;
        }
        var random = new Random(seed);
        foreach (var item in items)
        {
            var draw = random.NextDouble();
            if (draw >= lower && draw < upper)
            {
                yield return item;
            }
        }
    }
}

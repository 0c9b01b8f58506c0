using Ember.Rdds;

namespace Ember;

public static partial class PairRddExtensions
{
    /// <summary>
    /// A stratified sample: each record is kept with the probability its key has in <paramref name="fractions"/>
    /// (without replacement), or taken a Poisson(fraction) number of times (with replacement), so each key's sample
    /// holds about <c>ceil(fraction * count)</c> records (Spark's sampleByKey). Narrow, no shuffle, no extra pass; keeps
    /// the partitioner. The same seed on the same partitions gives the same sample.
    /// </summary>
    /// <param name="rdd">The records to sample.</param>
    /// <param name="withReplacement">Whether a record may be taken more than once.</param>
    /// <param name="fractions">
    /// The sampling rate of every key of the RDD (a <see cref="Dictionary{TKey, TValue}"/>, or pairs, which may name the
    /// <c>null</c> key); each at least 0. A rate above 1 without replacement keeps every record of its key, as Spark. A
    /// record whose key has no rate fails its task with <see cref="KeyNotFoundException"/> when the sample is
    /// computed, as Spark fails on a key missing from its map.
    /// </param>
    /// <param name="seed">Seeds the random generator of each partition (with the partition's index); random when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is negative or NaN.</exception>
    public static Rdd<(TKey Key, TValue Value)> SampleByKey<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, bool withReplacement, IEnumerable<KeyValuePair<TKey, double>> fractions, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var rates = StratifiedSampler.Fractions(fractions);
        var baseSeed = seed ?? Random.Shared.Next();
        return new MapPartitionsRdd<(TKey Key, TValue Value), (TKey Key, TValue Value)>(rdd, (index, items) => withReplacement
            ? StratifiedSampler.Poisson(items, rates, StratifiedSampler.RandomFor(baseSeed, index))
            : StratifiedSampler.Bernoulli(items, rates, StratifiedSampler.RandomFor(baseSeed, index)), true, "SampleByKey");
    }

    /// <summary>
    /// A stratified sample with exactly <c>ceil(fraction * count)</c> records of each key, with 99.99% confidence
    /// (Spark's sampleByKeyExact). Unlike <see cref="SampleByKey{TKey, TValue}"/> it runs jobs now: one pass over the RDD
    /// without replacement, two with replacement (the first counts each key, shuffling one count per key and task), each keeping a short wait list of candidate
    /// values per key on the caller (O(sqrt(sample size)) doubles per key); the sample itself is then narrow, with no
    /// shuffle, and keeps the partitioner. The RDD must give the same records in the same order every time it is
    /// computed (persist it otherwise), since the passes must see what the sample sees.
    /// </summary>
    /// <param name="rdd">The records to sample.</param>
    /// <param name="withReplacement">Whether a record may be taken more than once.</param>
    /// <param name="fractions">
    /// As for <see cref="SampleByKey{TKey, TValue}"/>; a key missing from them fails the first pass, so this call
    /// throws (a <see cref="Scheduling.JobFailedException"/> whose inner exception is a <see cref="KeyNotFoundException"/>).
    /// </param>
    /// <param name="seed">Seeds the random generator of each partition (with the partition's index); random when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">A fraction is negative or NaN.</exception>
    public static Rdd<(TKey Key, TValue Value)> SampleByKeyExact<TKey, TValue>(
        this Rdd<(TKey Key, TValue Value)> rdd, bool withReplacement, IEnumerable<KeyValuePair<TKey, double>> fractions, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        var rates = StratifiedSampler.Fractions(fractions);
        var baseSeed = seed ?? Random.Shared.Next();
        if (!withReplacement)
        {
            var strata = RunCountingPass(rdd, (index, items) =>
                StratifiedSampler.CountWithoutReplacement(items, rates, StratifiedSampler.RandomFor(baseSeed, index)));
            var thresholds = StratifiedSampler.Thresholds(strata, rates);
            return new MapPartitionsRdd<(TKey Key, TValue Value), (TKey Key, TValue Value)>(rdd,
                (index, items) => StratifiedSampler.Bernoulli(items, thresholds, StratifiedSampler.RandomFor(baseSeed, index)), true, "SampleByKeyExact");
        }
        var counts = rdd.CountByKey();
        var withCopies = RunCountingPass(rdd, (index, items) =>
            StratifiedSampler.CountWithReplacement(items, rates, counts, StratifiedSampler.RandomFor(baseSeed, index)));
        var rules = StratifiedSampler.CopyRules(withCopies, rates);
        return new MapPartitionsRdd<(TKey Key, TValue Value), (TKey Key, TValue Value)>(rdd,
            (index, items) => StratifiedSampler.PoissonExact(items, rules, StratifiedSampler.RandomFor(baseSeed, index)), true, "SampleByKeyExact");
    }

    private static Shuffle.KeyedMap<TKey, StratumAcceptance> RunCountingPass<TKey, TValue>(
        Rdd<(TKey Key, TValue Value)> rdd, Func<int, IEnumerable<(TKey Key, TValue Value)>, Shuffle.KeyedMap<TKey, StratumAcceptance>> count)
    {
        var parts = rdd.Context.RunActionAsync("SampleByKeyExact", rdd, (context, items) => count(context.PartitionId, items))
            .ConfigureAwait(false).GetAwaiter().GetResult();
        return StratifiedSampler.Merge(parts);
    }
}

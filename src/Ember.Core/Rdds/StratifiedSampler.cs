using Ember.Partitioning;
using Ember.Shuffle;

namespace Ember.Rdds;

/// <summary>
/// Stratified sampling by key (Spark's StratifiedSamplingUtils): one random generator per partition, seeded from
/// the seed and the partition index, and the same sequence of draws in the counting pass and in the sampling pass,
/// so that thresholds learnt from the first select exactly the items they counted.
/// </summary>
internal static class StratifiedSampler
{
    /// <summary>The fraction of every key, in a map that also holds the <c>null</c> key; each must be at least 0.</summary>
    public static KeyedMap<TKey, double> Fractions<TKey>(IEnumerable<KeyValuePair<TKey, double>> fractions)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        var map = new KeyedMap<TKey, double>();
        foreach (var (key, fraction) in fractions)
        {
            if (!(fraction >= 0))
            {
                throw new ArgumentOutOfRangeException(nameof(fractions), fraction, $"The fraction of key {key ?? (object)"null"} must be a number at least 0.");
            }
            map.GetOrAddSlot(key, out var existed) = fraction;
            if (existed)
            {
                throw new ArgumentException($"The key {key ?? (object)"null"} is given two fractions.", nameof(fractions));
            }
        }
        return map;
    }

    public static Random RandomFor(int seed, int partition) => new(StableHash.Of((seed, partition)));

    /// <summary>Keeps each item with the probability of its key.</summary>
    public static IEnumerable<(TKey Key, TValue Value)> Bernoulli<TKey, TValue>(
        IEnumerable<(TKey Key, TValue Value)> items, KeyedMap<TKey, double> rates, Random random) =>
        items.Where(item => random.NextDouble() < RateOf(rates, item.Key));

    /// <summary>Repeats each item a Poisson(fraction of its key) number of times.</summary>
    public static IEnumerable<(TKey Key, TValue Value)> Poisson<TKey, TValue>(
        IEnumerable<(TKey Key, TValue Value)> items, KeyedMap<TKey, double> fractions, Random random) =>
        items.SelectMany(item => Enumerable.Repeat(item, Sampler.Poisson(random, RateOf(fractions, item.Key))));

    /// <summary>
    /// The exact sample with replacement: each item's copies accepted at once, plus those of its waiting copies whose
    /// random value falls under its key's threshold. Draws in the order of <see cref="CountWithReplacement"/>.
    /// </summary>
    public static IEnumerable<(TKey Key, TValue Value)> PoissonExact<TKey, TValue>(
        IEnumerable<(TKey Key, TValue Value)> items, KeyedMap<TKey, CopyRule> rules, Random random) =>
        items.SelectMany(item =>
        {
            var rule = rules[item.Key];
            var copies = rule.AcceptBound == 0 ? 0 : Sampler.Poisson(random, rule.AcceptBound);
            var waiting = Sampler.Poisson(random, rule.WaitListBound);
            for (var i = 0; i < waiting; i++)
            {
                copies += random.NextDouble() < rule.Threshold ? 1 : 0;
            }
            return Enumerable.Repeat(item, copies);
        });

    /// <summary>
    /// One partition's counting pass without replacement: the bounds follow the items seen so far (Spark's
    /// streaming version, which needs no count), and each item draws one uniform value, as <see cref="Bernoulli"/>.
    /// </summary>
    public static KeyedMap<TKey, StratumAcceptance> CountWithoutReplacement<TKey, TValue>(
        IEnumerable<(TKey Key, TValue Value)> items, KeyedMap<TKey, double> fractions, Random random)
    {
        var strata = new KeyedMap<TKey, StratumAcceptance>();
        foreach (var (key, _) in items)
        {
            var fraction = RateOf(fractions, key);
            var stratum = StratumOf(strata, key);
            stratum.AcceptBound = SamplingBounds.BinomialLower(stratum.Items, fraction);
            stratum.WaitListBound = SamplingBounds.BinomialUpper(stratum.Items, fraction);
            var x = random.NextDouble();
            if (x < stratum.AcceptBound)
            {
                stratum.Accepted++;
            }
            else if (x < stratum.WaitListBound)
            {
                stratum.WaitList.Add(x);
            }
            stratum.Items++;
        }
        return strata;
    }

    /// <summary>
    /// One partition's counting pass with replacement, given every key's total count: Poisson draws of copies
    /// accepted at once and of copies put on the wait list, each waiting copy with its own uniform value.
    /// </summary>
    public static KeyedMap<TKey, StratumAcceptance> CountWithReplacement<TKey, TValue>(
        IEnumerable<(TKey Key, TValue Value)> items, KeyedMap<TKey, double> fractions, IReadOnlyDictionary<TKey, long> counts, Random random)
    {
        var strata = new KeyedMap<TKey, StratumAcceptance>();
        foreach (var (key, _) in items)
        {
            var stratum = StratumOf(strata, key);
            if (!stratum.HasBounds)
            {
                var count = counts[key];
                var sampleSize = Math.Ceiling(count * RateOf(fractions, key));
                var (lower, upper) = (SamplingBounds.PoissonLower(sampleSize), SamplingBounds.PoissonUpper(sampleSize));
                stratum.AcceptBound = lower / count;
                stratum.WaitListBound = (upper - lower) / count;
            }
            var accepted = stratum.AcceptBound == 0 ? 0 : Sampler.Poisson(random, stratum.AcceptBound);
            stratum.Accepted += accepted;
            var waiting = Sampler.Poisson(random, stratum.WaitListBound);
            for (var i = 0; i < waiting; i++)
            {
                stratum.WaitList.Add(random.NextDouble());
            }
            stratum.Items++;
        }
        return strata;
    }

    /// <summary>Merges the partitions' strata in partition order, so the thresholds are the same every run.</summary>
    public static KeyedMap<TKey, StratumAcceptance> Merge<TKey>(IEnumerable<KeyedMap<TKey, StratumAcceptance>> partitions)
    {
        var merged = new KeyedMap<TKey, StratumAcceptance>();
        foreach (var partition in partitions)
        {
            foreach (var (key, stratum) in partition)
            {
                ref var slot = ref merged.GetOrAddSlot(key, out var existed);
                if (existed)
                {
                    slot.Merge(stratum);
                }
                else
                {
                    slot = stratum;
                }
            }
        }
        return merged;
    }

    /// <summary>Every stratum's threshold for its exact sample size, which is all a sample without replacement needs.</summary>
    public static KeyedMap<TKey, double> Thresholds<TKey>(KeyedMap<TKey, StratumAcceptance> strata, KeyedMap<TKey, double> fractions)
    {
        var thresholds = new KeyedMap<TKey, double>();
        foreach (var (key, stratum) in strata)
        {
            thresholds.GetOrAddSlot(key, out _) = stratum.Threshold(fractions[key]);
        }
        return thresholds;
    }

    /// <summary>Every stratum's bounds and threshold, which is all a sample with replacement needs (not the wait lists).</summary>
    public static KeyedMap<TKey, CopyRule> CopyRules<TKey>(KeyedMap<TKey, StratumAcceptance> strata, KeyedMap<TKey, double> fractions)
    {
        var rules = new KeyedMap<TKey, CopyRule>();
        foreach (var (key, stratum) in strata)
        {
            rules.GetOrAddSlot(key, out _) = new CopyRule(stratum.AcceptBound, stratum.WaitListBound, stratum.Threshold(fractions[key]));
        }
        return rules;
    }

    private static StratumAcceptance StratumOf<TKey>(KeyedMap<TKey, StratumAcceptance> strata, TKey key)
    {
        ref var slot = ref strata.GetOrAddSlot(key, out var existed);
        if (!existed)
        {
            slot = new StratumAcceptance();
        }
        return slot;
    }

    // Spark looks the key up in a Scala Map, which fails the task for a key without a fraction; so does this.
    private static double RateOf<TKey>(KeyedMap<TKey, double> rates, TKey key) =>
        rates.TryGetValue(key, out var rate)
            ? rate
            : throw new KeyNotFoundException($"The key {key ?? (object)"null"} has no sampling fraction: the fractions must cover every key of the RDD.");
}

/// <summary>How the exact sample with replacement draws copies of one key's items.</summary>
internal readonly record struct CopyRule(double AcceptBound, double WaitListBound, double Threshold);

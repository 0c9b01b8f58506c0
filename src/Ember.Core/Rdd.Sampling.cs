using Ember.Partitioning;
using Ember.Rdds;
using Microsoft.Extensions.Logging;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>
    /// A random sample of exactly <paramref name="count"/> records (fewer only without replacement when the RDD is
    /// smaller: then all of them), in random order, on the caller. The same seed gives the same sample. Runs a job to
    /// count, then one to sample a fraction sized so a pass falls short with probability under 0.01% (Spark's bound),
    /// sampling again until it has enough; when the whole RDD is asked for without replacement it collects and
    /// shuffles instead. The sample is held on the caller: keep <paramref name="count"/> small.
    /// </summary>
    public async Task<IReadOnlyList<T>> TakeSampleAsync(bool withReplacement, int count, int? seed = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, SampleSizing.MaxSampleSize);
        if (count == 0)
        {
            return [];
        }
        var total = await CountAsync(cancellationToken).ConfigureAwait(false);
        if (total == 0)
        {
            return [];
        }
        var random = new Random(seed ?? Random.Shared.Next());
        if (!withReplacement && count >= total)
        {
            var all = (await CollectAsync(cancellationToken).ConfigureAwait(false)).ToArray();
            SampleSizing.Shuffle(all, random);
            return all;
        }
        var fraction = SampleSizing.FractionFor(count, total, withReplacement);
        var samples = await Sample(withReplacement, fraction, random.Next()).CollectAsync(cancellationToken).ConfigureAwait(false);
        for (var retry = 0; samples.Count < count; retry++)
        {
            Context.Logger.LogWarning("TakeSample on {Rdd} needed to sample again: {Got} of {Wanted} records (retry {Retry}).", this, samples.Count, count, retry);
            samples = await Sample(withReplacement, fraction, random.Next()).CollectAsync(cancellationToken).ConfigureAwait(false);
        }
        var shuffled = samples.ToArray();
        SampleSizing.Shuffle(shuffled, random);
        return shuffled[..count];
    }

    /// <inheritdoc cref="TakeSampleAsync"/>
    public IReadOnlyList<T> TakeSample(bool withReplacement, int count, int? seed = null) => Wait(TakeSampleAsync(withReplacement, count, seed));

    /// <summary>
    /// Splits the records at random into one RDD per weight, each record in exactly one split, split <c>i</c> getting
    /// about <c>weights[i] / sum(weights)</c> of them (weights non-negative, summing to more than 0). Narrow, no
    /// shuffle: each split draws one number per record with the same per-partition seed and keeps the records whose
    /// draw falls in its cell of [0, 1). Every split recomputes this RDD and relies on it giving the same records in
    /// the same order each time: persist it first when it is costly or comes out of a shuffle.
    /// </summary>
    public Rdd<T>[] RandomSplit(double[] weights, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Any(weight => !double.IsFinite(weight) || weight < 0))
        {
            throw new ArgumentOutOfRangeException(nameof(weights), $"[{string.Join(", ", weights)}]", "Weights must be finite and non-negative.");
        }
        var sum = weights.Sum();
        if (sum <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(weights), $"[{string.Join(", ", weights)}]", "The sum of the weights must be positive.");
        }
        var bounds = new double[weights.Length + 1];
        for (var i = 0; i < weights.Length; i++)
        {
            bounds[i + 1] = bounds[i] + weights[i] / sum;
        }
        // Rounding can leave the last bound a hair under 1, which would lose the rare record drawn above it.
        bounds[^1] = 1.0;
        var baseSeed = seed ?? Random.Shared.Next();
        return [.. Enumerable.Range(0, weights.Length).Select(i =>
        {
            var (lower, upper) = (bounds[i], bounds[i + 1]);
            return (Rdd<T>)new MapPartitionsRdd<T, T>(this, (index, items) => CellSampler.Sample(items, lower, upper, StableHash.Of((baseSeed, index))), true, "RandomSplit");
        })];
    }
}

using Ember.Partitioning;
using Ember.Scheduling;
using Ember.Tests.Operators;
using FsCheck;
using FsCheck.Xunit;
using static Ember.Tests.PairOperators.PairInputs;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>SampleByKey and SampleByKeyExact: per-key sample sizes, sub-multisets of the input, seeds, errors.</summary>
public class SampleByKeyTests : BackendTests
{
    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void SampleByKeyExact_WithoutReplacement_ExactlyCeilFractionTimesCountPerKey(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape, seed: 11);
        var rdd = Distribute(context, records, shape);

        for (var seed = 0; seed < 5; seed++)
        {
            var fractions = RandomFractions(seed);
            var sample = rdd.SampleByKeyExact(withReplacement: false, fractions, seed).Collect();

            AssertExactSizes(records, fractions, sample);
            AssertSubMultiset(records, sample);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void SampleByKeyExact_WithReplacement_ExactlyCeilFractionTimesCountPerKey(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Ints(shape, seed: 12);
        var rdd = Distribute(context, records, shape);

        for (var seed = 0; seed < 5; seed++)
        {
            // With replacement a fraction may exceed 1: a key's sample is then larger than the key.
            var fractions = RandomFractions(seed).ToDictionary(pair => pair.Key, pair => pair.Value * 2);
            var sample = rdd.SampleByKeyExact(withReplacement: true, fractions, seed).Collect();

            AssertExactSizes(records, fractions, sample);
            Assert.All(sample, record => Assert.Contains(record, records));
        }
    }

    [Property(MaxTest = 40)]
    public void SampleByKeyExact_AnyInts_ExactSizesOfSubMultisets(int[] items, PositiveInt partitions, int seed, bool withReplacement)
    {
        var context = Context(RandomInputs.Options(2));
        (int Key, int Value)[] records = [.. items.Select(x => (Math.Abs(x % 4), x))];
        var fractions = RandomFractions(seed);

        var sample = context.Parallelize(records, RandomInputs.Partitions(partitions)).SampleByKeyExact(withReplacement, fractions, seed).Collect();

        AssertExactSizes(records, fractions, sample);
        if (!withReplacement)
        {
            AssertSubMultiset(records, sample);
        }
    }

    [Fact]
    public void SampleByKeyExact_LargeStrata_ExactSizesAndUniformAcrossPartitions()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var records = Enumerable.Range(0, 30_000).Select(i => (Key: i % 3, Value: i)).ToArray();
        var fractions = new Dictionary<int, double> { [0] = 0.01, [1] = 0.5, [2] = 0.999 };
        var rdd = context.Parallelize(records, 6);

        var exact = rdd.SampleByKeyExact(false, fractions, seed: 3).Collect();
        var exactWithCopies = rdd.SampleByKeyExact(true, fractions, seed: 4).Collect();

        AssertExactSizes(records, fractions, exact);
        AssertExactSizes(records, fractions, exactWithCopies);
        AssertSubMultiset(records, exact);
        // Key 1's sample is about half of each partition's records: the threshold is not biased towards a partition.
        Assert.All(exact.Where(r => r.Key == 1).GroupBy(r => r.Value / 5000), part => Assert.InRange(part.Count(), 700, 967));
    }

    [Fact]
    public void SampleByKey_ManyRecords_SizesNearFractionTimesCount()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var records = Enumerable.Range(0, 40_000).Select(i => (Key: i % 2 == 0 ? "even" : "odd", Value: i)).ToArray();
        var fractions = new Dictionary<string, double> { ["even"] = 0.1, ["odd"] = 0.7 };
        var rdd = context.Parallelize(records, 5);

        foreach (var withReplacement in new[] { false, true })
        {
            var sizes = SizesByKey(rdd.SampleByKey(withReplacement, fractions, seed: 9).Collect());

            // Within five standard deviations of n * f (binomial or Poisson).
            Assert.InRange(sizes["even"], 2000 - (5 * Math.Sqrt(2000)), 2000 + (5 * Math.Sqrt(2000)));
            Assert.InRange(sizes["odd"], 14000 - (5 * Math.Sqrt(14000)), 14000 + (5 * Math.Sqrt(14000)));
        }
    }

    [Theory]
    [MemberData(nameof(Shapes), MemberType = typeof(PairInputs))]
    public void SampleByKey_WithoutReplacement_SubsetKeepingFractionOneAndDroppingFractionZero(Shape shape)
    {
        var context = Context(new EmberOptions { Master = Master(shape) });
        var records = Strings(shape, seed: 13);
        var rdd = Distribute(context, records, shape);
        // Every key (null included) kept whole or dropped whole, by the parity of its length.
        var fractions = records.Select(r => r.Key).Distinct()
            .Select(key => KeyValuePair.Create(key, (key?.Length ?? 0) % 2 == 0 ? 1.0 : 0.0)).ToList();

        var sample = rdd.SampleByKey(false, fractions, seed: 1).Collect();

        AssertSameMultiset(records.Where(r => (r.Key?.Length ?? 0) % 2 == 0), sample);
    }

    [Fact]
    public void SampleByKey_SameSeed_SameSample()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var rdd = context.Parallelize(Ints(Shape.Uniform, seed: 5), 4);
        var fractions = RandomFractions(2);

        Assert.Equal(rdd.SampleByKey(false, fractions, 42).Collect(), rdd.SampleByKey(false, fractions, 42).Collect());
        Assert.Equal(rdd.SampleByKey(true, fractions, 42).Collect(), rdd.SampleByKey(true, fractions, 42).Collect());
        Assert.Equal(rdd.SampleByKeyExact(false, fractions, 42).Collect(), rdd.SampleByKeyExact(false, fractions, 42).Collect());
        Assert.Equal(rdd.SampleByKeyExact(true, fractions, 42).Collect(), rdd.SampleByKeyExact(true, fractions, 42).Collect());
        Assert.NotEqual(rdd.SampleByKey(false, fractions, 42).Collect(), rdd.SampleByKey(false, fractions, 43).Collect());
    }

    [Fact]
    public void SampleByKey_PartitionedInput_KeepsThePartitioner()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var partitioned = context.Parallelize(Ints(Shape.Uniform), 3).PartitionBy(new HashPartitioner(4));

        Assert.Equal(partitioned.Partitioner, partitioned.SampleByKey(false, RandomFractions(1), 1).Partitioner);
        Assert.Equal(partitioned.Partitioner, partitioned.SampleByKeyExact(true, RandomFractions(1), 1).Partitioner);
    }

    [Fact]
    public void SampleByKey_KeyWithoutFraction_FailsAsSpark()
    {
        var context = Context(new EmberOptions { Master = "local[2]", MaxTaskAttempts = 1 });
        var rdd = context.Parallelize([(1, "a"), (2, "b")], 2);
        var fractions = new Dictionary<int, double> { [1] = 0.5 };

        var lazySample = rdd.SampleByKey(false, fractions, 1);
        var failure = Assert.Throws<JobFailedException>(() => lazySample.Collect());
        Assert.IsType<KeyNotFoundException>(failure.InnerException);
        Assert.Contains("key 2", failure.InnerException!.Message);
        Assert.IsType<KeyNotFoundException>(Assert.Throws<JobFailedException>(() => rdd.SampleByKeyExact(false, fractions, 1)).InnerException);
        Assert.IsType<KeyNotFoundException>(Assert.Throws<JobFailedException>(() => rdd.SampleByKeyExact(true, fractions, 1)).InnerException);
    }

    [Fact]
    public void SampleByKey_InvalidFractions_Throw()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize([(1, "a")], 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => rdd.SampleByKey(false, new Dictionary<int, double> { [1] = -0.1 }));
        var nan = Assert.Throws<ArgumentOutOfRangeException>(() => rdd.SampleByKeyExact(true, new Dictionary<int, double> { [1] = double.NaN }));
        Assert.DoesNotContain("Negative", nan.Message);
        Assert.Contains("key 1", nan.Message);
        Assert.Throws<ArgumentException>(() => rdd.SampleByKey(false, [KeyValuePair.Create(1, 0.1), KeyValuePair.Create(1, 0.2)]));
        Assert.Throws<ArgumentNullException>(() => rdd.SampleByKey(false, null!));
    }

    [Fact]
    public void SampleByKeyExact_EmptyRdd_EmptySample()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Empty(context.Parallelize(Array.Empty<(int, int)>(), 3).SampleByKeyExact(false, new Dictionary<int, double>(), 1).Collect());
        Assert.Empty(context.EmptyRdd<(int, int)>().SampleByKeyExact(true, new Dictionary<int, double>(), 1).Collect());
    }

    /// <summary>The stratified sampling example of Spark's MLlib statistics guide; its exact sample has ceil(n * f) per key.</summary>
    [Fact]
    public void SampleByKeyExact_SparkGuideExample_OneTwoAndOneRecords()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var data = context.Parallelize([(1, 'a'), (1, 'b'), (2, 'c'), (2, 'd'), (2, 'e'), (3, 'f')]);
        var fractions = new Dictionary<int, double> { [1] = 0.1, [2] = 0.6, [3] = 0.3 };

        for (var seed = 0; seed < 20; seed++)
        {
            var exactSample = data.SampleByKeyExact(withReplacement: false, fractions, seed).Collect();
            var approxSample = data.SampleByKey(withReplacement: false, fractions, seed).Collect();

            Assert.Equal(new Dictionary<int, int> { [1] = 1, [2] = 2, [3] = 1 }, SizesByKey(exactSample));
            AssertSubMultiset(data.Collect(), approxSample);
        }
    }

    private static Dictionary<int, double> RandomFractions(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(-20, 40).ToDictionary(key => key, _ => random.Next(4) == 0 ? 0.0 : random.NextDouble());
    }

    /// <summary>Every key's sample holds ceil(count * fraction) records; names each key that does not.</summary>
    private static void AssertExactSizes<TKey, TValue>(
        IReadOnlyList<(TKey Key, TValue Value)> records, IReadOnlyDictionary<TKey, double> fractions, IEnumerable<(TKey Key, TValue Value)> sample)
        where TKey : notnull
    {
        var counts = records.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Count());
        var sizes = SizesByKey(sample);
        var wrong = counts.Keys.Union(sizes.Keys)
            .Select(key => (key, Count: counts.GetValueOrDefault(key), Expected: (int)Math.Ceiling(counts.GetValueOrDefault(key) * fractions[key]), Actual: sizes.GetValueOrDefault(key)))
            .Where(stratum => stratum.Expected != stratum.Actual)
            .Select(stratum => $"key {stratum.key}: {stratum.Actual} of {stratum.Count} sampled, {stratum.Expected} expected")
            .ToList();
        Assert.True(wrong.Count == 0, string.Join("; ", wrong));
    }

    private static Dictionary<TKey, int> SizesByKey<TKey, TValue>(IEnumerable<(TKey Key, TValue Value)> sample)
        where TKey : notnull =>
        sample.GroupBy(r => r.Key).ToDictionary(g => g.Key, g => g.Count());

    private static void AssertSubMultiset<T>(IEnumerable<T> all, IEnumerable<T> subset)
        where T : notnull
    {
        var available = all.GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        foreach (var item in subset)
        {
            Assert.True(available.TryGetValue(item, out var left) && left > 0, $"{item} was sampled more often than it occurs.");
            available[item] = left - 1;
        }
    }
}

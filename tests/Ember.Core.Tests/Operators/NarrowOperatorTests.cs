using Ember.Dependencies;
using Ember.Storage;
using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>Every narrow operator (and the shuffling ones Coalesce, Distinct and Subtract) against LINQ on random inputs.</summary>
public class NarrowOperatorTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    public static TheoryData<StorageLevel> PersistedLevels =>
        [StorageLevel.MemoryOnly, StorageLevel.MemoryOnlySerialized, StorageLevel.DiskOnly];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Map_RandomInts_EqualsLinqSelect(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var result = context.Parallelize(items, partitions).Map(x => (long)x * 3 - 1).Collect();

        Assert.Equal(items.Select(x => (long)x * 3 - 1), result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Map_StringsWithNulls_EqualsLinqSelect(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var result = context.Parallelize(items, partitions).Map(s => s?.ToUpperInvariant()).Collect();

        Assert.Equal(items.Select(s => s?.ToUpperInvariant()), result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FlatMap_RandomInts_EqualsLinqSelectMany(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        // Some records expand to nothing, some to several copies.
        static IEnumerable<int> Expand(int x) => Enumerable.Repeat(x, Math.Abs(x) % 4);

        var result = context.Parallelize(items, partitions).FlatMap(Expand).Collect();

        Assert.Equal(items.SelectMany(Expand), result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Filter_StringsWithNulls_EqualsLinqWhere(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        static bool Keep(string? s) => s is null || s.Length > 1;

        var result = context.Parallelize(items, partitions).Filter(Keep).Collect();

        Assert.Equal(items.Where(Keep), result);
    }

    [Property(MaxTest = 60)]
    public void MapFilterFlatMap_AnyInts_EqualLinq(int[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        var result = context.Parallelize(items, RandomInputs.Partitions(partitions))
            .Map(x => x / 2)
            .Filter(x => x % 3 != 0)
            .FlatMap(x => new[] { x, -x })
            .Collect();

        Assert.Equal(items.Select(x => x / 2).Where(x => x % 3 != 0).SelectMany(x => new[] { x, -x }), result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MapPartitions_RunningSum_RestartsAtEachParallelizeSlice(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        static IEnumerable<long> RunningSum(IEnumerable<int> part)
        {
            long sum = 0;
            foreach (var x in part)
            {
                sum += x;
                yield return sum;
            }
        }

        var result = context.Parallelize(items, partitions).MapPartitions(RunningSum).Collect();

        Assert.Equal(RandomInputs.Slices(items, partitions).SelectMany(RunningSum), result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MapPartitionsWithIndex_RandomInts_IndexIsThePartitionOfEachRecord(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var result = context.Parallelize(items, partitions)
            .MapPartitionsWithIndex((index, part) => part.Select(x => (Partition: index, Item: x)))
            .Collect();

        var expected = RandomInputs.Slices(items, partitions).SelectMany((slice, index) => slice.Select(x => (Partition: index, Item: x)));
        Assert.Equal(expected, result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Glom_StringsWithNulls_OneContiguousSlicePerPartition(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var arrays = context.Parallelize(items, partitions).Glom().Collect();

        Assert.Equal(partitions, arrays.Count);
        Assert.Equal(RandomInputs.Slices(items, partitions), arrays);
        Assert.Equal(items, arrays.SelectMany(array => array));
    }

    [Fact]
    public void Glom_EmptyRdd_HasNoArrays()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Empty(context.EmptyRdd<int>().Glom().Collect());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Union_TwoRdds_ThisThenOtherWithDuplicatesKept(int count, int partitions)
    {
        var random = RandomInputs.For(count, partitions);
        var left = RandomInputs.Strings(random, count);
        var right = RandomInputs.Strings(random, count / 2 + 1);
        var context = Context(RandomInputs.Options(partitions));
        var leftRdd = context.Parallelize(left, partitions);
        var rightRdd = context.Parallelize(right, 3);

        var union = leftRdd.Union(rightRdd);

        Assert.Equal(partitions + 3, union.Partitions.Count);
        Assert.Equal(left.Concat(right), union.Collect());
    }

    [Fact]
    public void Union_WithItself_EveryRecordTwice()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize([1, 2, 2, 3], 2);

        Assert.Equal([1, 2, 2, 3, 1, 2, 2, 3], rdd.Union(rdd).Collect());
    }

    [Fact]
    public void ContextUnion_SeveralRdds_PartitionsAndRecordsInArgumentOrder()
    {
        var random = new Random(17);
        int[][] inputs = [RandomInputs.Ints(random, 10), [], RandomInputs.Ints(random, 1), RandomInputs.Ints(random, 33)];
        int[] partitionCounts = [3, 2, 4, 1];
        var context = Context(new EmberOptions { Master = "local[4]" });
        var rdds = inputs.Select((input, i) => context.Parallelize(input, partitionCounts[i])).ToList();

        var union = context.Union(rdds);

        Assert.Equal(partitionCounts.Sum(), union.Partitions.Count);
        Assert.Equal(inputs.SelectMany(input => input), union.Collect());
    }

    [Fact]
    public void ContextUnion_NoRdds_IsEmptyWithNoPartitions()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var union = context.Union(Array.Empty<Rdd<string?>>());

        Assert.Empty(union.Partitions);
        Assert.Empty(union.Collect());
        Assert.Equal(0, union.Count());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Coalesce_WithoutShuffle_MinOfRequestedAndParentPartitionsOrderKept(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        foreach (var requested in new[] { 1, 2, 3, partitions, partitions + 5 })
        {
            var coalesced = rdd.Coalesce(requested);

            Assert.Equal(Math.Min(requested, partitions), coalesced.Partitions.Count);
            Assert.Equal(items, coalesced.Collect());
        }
    }

    [Fact]
    public void Coalesce_EmptyRdd_EmptyWithShuffleOrWithout()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var empty = context.EmptyRdd<string?>();

        Assert.Empty(empty.Coalesce(3).Partitions);
        Assert.Empty(empty.Coalesce(3).Collect());
        Assert.Equal(3, empty.Repartition(3).Partitions.Count);
        Assert.Empty(empty.Repartition(3).Collect());
    }

    [Fact]
    public void Coalesce_WithoutShuffle_MergesNeighbouringPartitionsWithoutEmptyOnes()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var items = Enumerable.Range(0, 60).ToArray();

        var arrays = context.Parallelize(items, 6).Coalesce(4).Glom().Collect();

        Assert.Equal(4, arrays.Count);
        Assert.All(arrays, array => Assert.NotEmpty(array));
        Assert.Equal(items, arrays.SelectMany(array => array));
    }

    [Theory]
    [InlineData(1000, 5, 1)]
    [InlineData(1000, 5, 2)]
    [InlineData(1000, 5, 3)]
    [InlineData(1000, 5, 4)]
    [InlineData(1000, 5, 7)]
    [InlineData(1000, 3, 10)]
    [InlineData(1000, 1, 16)]
    [InlineData(0, 3, 4)]
    [InlineData(5, 2, 8)]
    public void Coalesce_WithShuffle_ExactCountSameMultiset(int count, int parentPartitions, int requested)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, parentPartitions), count);
        var context = Context(RandomInputs.Options(parentPartitions));

        var coalesced = context.Parallelize(items, parentPartitions).Coalesce(requested, shuffle: true);

        Assert.Equal(requested, coalesced.Partitions.Count);
        Assert.Equal(items.Order(), coalesced.Collect().Order());
    }

    [Theory]
    [InlineData(5, 2)]
    [InlineData(5, 3)]
    [InlineData(5, 4)]
    [InlineData(5, 7)]
    [InlineData(3, 10)]
    [InlineData(1, 16)]
    public void Repartition_LargeInput_ExactCountSameMultisetBalancedSizes(int parentPartitions, int requested)
    {
        const int Count = 1000;
        var items = RandomInputs.Ints(RandomInputs.For(Count, parentPartitions), Count);
        var context = Context(RandomInputs.Options(parentPartitions));

        var arrays = context.Parallelize(items, parentPartitions).Repartition(requested).Glom().Collect();

        Assert.Equal(requested, arrays.Count);
        Assert.Equal(items.Order(), arrays.SelectMany(array => array).Order());
        // Records are dealt round-robin, so every partition holds about Count / requested of them: generously, within half of that.
        var fair = Count / requested;
        Assert.All(arrays, array => Assert.InRange(array.Length, fair / 2, fair * 3 / 2 + 1));
    }

    [Fact]
    public void Sample_SameSeed_SameSample()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 2000), 6);

        foreach (var withReplacement in new[] { false, true })
        {
            var first = rdd.Sample(withReplacement, 0.3, seed: 42).Collect();
            var second = rdd.Sample(withReplacement, 0.3, seed: 42).Collect();
            var third = rdd.Sample(withReplacement, 0.3, seed: 43).Collect();

            Assert.Equal(first, second);
            Assert.NotEqual(first, third);
        }
    }

    [Fact]
    public void Sample_NoSeedOneRddTwoActions_SameSample()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        // Without a seed one is drawn when the RDD is built, so every action on that RDD sees the same sample.
        var sample = context.Parallelize(Enumerable.Range(0, 500), 3).Sample(false, 0.5);

        Assert.Equal(sample.Collect(), sample.Collect());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Sample_FractionZero_Empty(bool withReplacement)
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sample = context.Parallelize(Enumerable.Range(0, 500), 4).Sample(withReplacement, 0, seed: 1);

        Assert.Empty(sample.Collect());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sample_FractionOneWithoutReplacement_EverythingInOrder(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var sample = context.Parallelize(items, partitions).Sample(false, 1.0, seed: 3);

        Assert.Equal(items, sample.Collect());
    }

    [Fact]
    public void Sample_WithoutReplacement_OrderedSubsetOfExpectedSize()
    {
        const int Count = 20_000;
        var context = Context(new EmberOptions { Master = "local[4]" });

        var sample = context.Parallelize(Enumerable.Range(0, Count), 8).Sample(false, 0.25, seed: 11).Collect();

        // Expected 5000, standard deviation about 61: 10% is more than 8 deviations away.
        Assert.InRange(sample.Count, 4500, 5500);
        Assert.Equal(sample.Order(), sample);
        Assert.Equal(sample.Count, sample.Distinct().Count());
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    public void Sample_WithReplacementLargeInput_SizeNearExpected(double fraction)
    {
        const int Count = 20_000;
        var context = Context(new EmberOptions { Master = "local[4]" });

        var sample = context.Parallelize(Enumerable.Range(0, Count), 8).Sample(true, fraction, seed: 5).Collect();

        // Poisson(fraction) copies per record: mean Count * fraction, standard deviation at most about 224 here.
        var expected = Count * fraction;
        Assert.InRange(sample.Count, expected * 0.9, expected * 1.1);
        Assert.All(sample, x => Assert.InRange(x, 0, Count - 1));
        Assert.Equal(sample.Order(), sample);
    }

    [Fact]
    public void Sample_WithReplacementFractionAbove745_SizeNearExpected()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        var sample = context.Parallelize(Enumerable.Range(0, 50), 2).Sample(true, 2000, seed: 9).Count();

        // Poisson(2000) copies of each of 50 records: mean 100000, standard deviation about 316.
        Assert.InRange(sample, 95_000, 105_000);
    }

    [Theory]
    [InlineData(false, -0.1)]
    [InlineData(false, 1.5)]
    [InlineData(false, double.NaN)]
    [InlineData(true, -1.0)]
    [InlineData(true, double.NaN)]
    public void Sample_InvalidFraction_ThrowsArgumentOutOfRange(bool withReplacement, double fraction)
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize([1, 2, 3], 1);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => rdd.Sample(withReplacement, fraction, seed: 1));
        Assert.Equal("fraction", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Distinct_StringsWithNulls_EqualsLinqDistinctAsSet(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var result = context.Parallelize(items, partitions).Distinct().Collect();

        Assert.Equal(RandomInputs.Sorted(items.Distinct()), RandomInputs.Sorted(result));
    }

    [Property(MaxTest = 60)]
    public void Distinct_AnyInts_EqualsLinqDistinctAsSet(int[] items, PositiveInt partitions, PositiveInt outputPartitions)
    {
        var context = Context(RandomInputs.Options(2));
        var output = RandomInputs.Partitions(outputPartitions);

        var distinct = context.Parallelize(items, RandomInputs.Partitions(partitions)).Distinct(output);

        Assert.Equal(output, distinct.Partitions.Count);
        Assert.Equal(items.Distinct().Order(), distinct.Collect().Order());
    }

    [Fact]
    public void Distinct_EmptyRdd_IsEmpty()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Empty(context.EmptyRdd<string?>().Distinct().Collect());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Subtract_StringsWithNulls_LeftItemsNotInRightWithDuplicatesKept(int count, int partitions)
    {
        var random = RandomInputs.For(count, partitions);
        var left = RandomInputs.Strings(random, count);
        var right = RandomInputs.Strings(random, count / 3);
        var context = Context(RandomInputs.Options(partitions));

        var result = context.Parallelize(left, partitions).Subtract(context.Parallelize(right, 2)).Collect();

        var removed = new HashSet<string?>(right);
        Assert.Equal(RandomInputs.Sorted(left.Where(s => !removed.Contains(s))), RandomInputs.Sorted(result));
    }

    [Property(MaxTest = 60)]
    public void Subtract_AnyInts_EqualsLinqWhereNotContained(int[] left, int[] right, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        var result = context.Parallelize(left, RandomInputs.Partitions(partitions)).Subtract(context.Parallelize(right, 3)).Collect();

        Assert.Equal(left.Where(x => !right.Contains(x)).Order(), result.Order());
    }

    [Fact]
    public void Subtract_EmptyRdds_IsEmptyOrLeft()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var some = context.Parallelize([1, 1, 2], 2);

        Assert.Empty(context.EmptyRdd<int>().Subtract(some).Collect());
        Assert.Equal([1, 1, 2], some.Subtract(context.EmptyRdd<int>()).Collect().Order());
    }

    [Theory]
    [InlineData(StorageLevel.MemoryOnly, StorageLevel.DiskOnly)]
    [InlineData(StorageLevel.DiskOnly, StorageLevel.MemoryOnlySerialized)]
    [InlineData(StorageLevel.MemoryOnlySerialized, StorageLevel.MemoryOnly)]
    public void Persist_ChangingLevel_ThrowsInvalidOperationUntilUnpersisted(StorageLevel first, StorageLevel second)
    {
        var context = Context(new EmberOptions { Master = "local[1]" });
        var rdd = context.Parallelize([1, 2, 3], 2).Map(x => x + 1).Persist(first);

        Assert.Same(rdd, rdd.Persist(first));
        Assert.Throws<InvalidOperationException>(() => rdd.Persist(second));
        Assert.Equal(first, rdd.StorageLevel);

        rdd.Unpersist().Persist(second);
        Assert.Equal(second, rdd.StorageLevel);
        Assert.Equal([2, 3, 4], rdd.Collect());
    }

    [Fact]
    public void Map_Dependencies_OneOneToOneDependencyOnParentSamePartitions()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var parent = context.Parallelize(Enumerable.Range(0, 10), 4);

        var mapped = parent.Map(x => x + 1);

        var dependency = Assert.IsType<OneToOneDependency>(Assert.Single(mapped.Dependencies));
        Assert.Same(parent, dependency.Parent);
        Assert.Equal(parent.Partitions.Select(p => p.Index), mapped.Partitions.Select(p => p.Index));
        Assert.Equal([2], dependency.GetParents(2));
        Assert.Empty(parent.Dependencies);
    }

    [Fact]
    public void ReduceByKey_Dependencies_OneShuffleDependencyOnParent()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize([("a", 1), ("b", 2), ("a", 3)], 3).Map(pair => (Key: pair.Item1, Value: pair.Item2));

        var reduced = pairs.ReduceByKey((a, b) => a + b, partitions: 5);

        var shuffle = Assert.IsAssignableFrom<ShuffleDependency>(Assert.Single(reduced.Dependencies));
        Assert.Same(pairs, shuffle.Parent);
        Assert.Equal(5, shuffle.Partitioner.NumPartitions);
        Assert.Equal(3, shuffle.MapCount);
        Assert.Equal(5, reduced.Partitions.Count);
    }

    [Fact]
    public void Union_Dependencies_OneRangeDependencyPerParent()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        Rdd<int>[] parents = [context.Parallelize([1, 2], 2), context.Parallelize([3], 3), context.Parallelize([4, 5, 6], 1)];

        var union = context.Union(parents);

        Assert.Equal(3, union.Dependencies.Count);
        var offset = 0;
        for (var i = 0; i < parents.Length; i++)
        {
            var range = Assert.IsType<RangeDependency>(union.Dependencies[i]);
            Assert.Same(parents[i], range.Parent);
            Assert.Equal(0, range.InStart);
            Assert.Equal(offset, range.OutStart);
            Assert.Equal(parents[i].Partitions.Count, range.Length);
            Assert.Equal([0], range.GetParents(offset));
            offset += range.Length;
        }
        Assert.Equal(offset, union.Partitions.Count);
    }

    [Fact]
    public void Coalesce_Dependencies_NarrowGroupsCoverEveryParentPartitionOnce()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var parent = context.Parallelize(Enumerable.Range(0, 20), 7);

        var coalesced = parent.Coalesce(3);

        var dependency = Assert.IsAssignableFrom<NarrowDependency>(Assert.Single(coalesced.Dependencies));
        Assert.Same(parent, dependency.Parent);
        Assert.Equal(Enumerable.Range(0, 7), Enumerable.Range(0, 3).SelectMany(dependency.GetParents));
    }

    [Theory]
    [MemberData(nameof(PersistedLevels))]
    public void Persist_NondeterministicMap_ActionsSeeTheKeptValuesUntilUnpersist(StorageLevel level)
    {
        var context = Context("local[2]");
        // A fresh random number per computation: equal results prove the partitions were kept, not recomputed.
        var rdd = context.Parallelize(Enumerable.Range(0, 200), 4).Map(_ => Random.Shared.NextInt64()).Persist(level);

        var first = rdd.Collect();

        Assert.Equal(first, rdd.Collect());
        Assert.Equal(first.Select(x => x / 2), rdd.Map(x => x / 2).Collect());
        rdd.Unpersist();
        Assert.NotEqual(first, rdd.Collect());
    }
}

/// <summary>
/// What only one process can observe of <see cref="NarrowOperatorTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class NarrowOperatorInProcessTests : BackendTests
{
    [Fact]
    public void Cache_TwoActions_ComputesEachRecordOnceInMemory()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var computed = 0;
        var mapped = context.Parallelize(Enumerable.Range(0, 50), 5).Map(x =>
        {
            Interlocked.Increment(ref computed);
            return x * x;
        }).Cache();

        Assert.Equal(StorageLevel.MemoryOnly, mapped.StorageLevel);
        Assert.Equal(Enumerable.Range(0, 50).Sum(x => x * x), mapped.Reduce((a, b) => a + b));
        Assert.Equal(Enumerable.Range(0, 50).Select(x => x * x), mapped.Collect());
        Assert.Equal(50, Volatile.Read(ref computed));
    }

    [Fact]
    public void Persist_ChildActionsAfterCaching_DoNotRecomputeTheParent()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var computed = 0;
        var parent = context.Parallelize(Enumerable.Range(0, 30), 3).Map(x =>
        {
            Interlocked.Increment(ref computed);
            return x;
        }).Persist(StorageLevel.DiskOnly);

        Assert.Equal(30, parent.Count());
        Assert.Equal(15, parent.Filter(x => x % 2 == 0).Count());
        Assert.Equal(Enumerable.Range(0, 30).Sum(), parent.Map(x => (long)x).Fold(0, (a, b) => a + b));
        Assert.Equal(30, Volatile.Read(ref computed));
    }

    [Theory]
    [MemberData(nameof(NarrowOperatorTests.PersistedLevels), MemberType = typeof(NarrowOperatorTests))]
    public void Persist_TwoActions_ComputesEachRecordOnceAndRecomputesAfterUnpersist(StorageLevel level)
    {
        var items = RandomInputs.Strings(new Random(23), 100);
        var context = Context(new EmberOptions { Master = "local[2]" });
        var computed = 0;
        var mapped = context.Parallelize(items, 4).Map(s =>
        {
            Interlocked.Increment(ref computed);
            return s is null ? null : s + "!";
        });
        var expected = items.Select(s => s is null ? null : s + "!");

        Assert.Same(mapped, mapped.Persist(level));
        Assert.Equal(level, mapped.StorageLevel);
        Assert.Equal(items.Length, mapped.Count());
        Assert.Equal(expected, mapped.Collect());
        Assert.Equal(items.Length, Volatile.Read(ref computed));

        mapped.Unpersist();
        Assert.Equal(StorageLevel.None, mapped.StorageLevel);
        Assert.Equal(expected, mapped.Collect());
        Assert.Equal(2 * items.Length, Volatile.Read(ref computed));
    }
}

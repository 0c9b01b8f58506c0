using FsCheck;
using FsCheck.Xunit;
using Ember.Tests.Backends;

namespace Ember.Tests.Operators;

/// <summary>Every action, synchronous and async, against LINQ on random inputs.</summary>
public class ActionTests : BackendTests
{
    public static TheoryData<int, int> Shapes => RandomInputs.Shapes;

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Collect_StringsWithNulls_InputInPartitionOrder(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        Assert.Equal(items, context.Parallelize(items, partitions).Collect());
    }

    [Fact]
    public void Collect_ReversedPartitions_FollowsPartitionOrderNotInputOrder()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 12), 4);

        // Each partition reverses itself: the result is partition 0 reversed, then partition 1 reversed, ...
        var result = rdd.MapPartitions(part => part.Reverse()).Collect();

        Assert.Equal([2, 1, 0, 5, 4, 3, 8, 7, 6, 11, 10, 9], result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Count_RandomInts_EqualsLinqCount(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        Assert.Equal(items.Length, rdd.Count());
        Assert.Equal(items.Count(x => x > 0), rdd.Filter(x => x > 0).Count());
    }

    [Fact]
    public void Count_EmptyRdd_Zero()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Equal(0, context.EmptyRdd<string?>().Count());
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 8)]
    [InlineData(40, 3)]
    public void First_NonEmpty_FirstRecordEvenAfterEmptyPartitions(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        Assert.Equal(items[0], context.Parallelize(items, partitions).First());
        // With 3 records in 8 partitions the first partitions are empty; a Filter empties more of them.
        var last = items.Length - 1;
        Assert.Equal(last, context.Parallelize(Enumerable.Range(0, count), partitions).Filter(x => x == last).First());
    }

    [Fact]
    public void First_Empty_ThrowsInvalidOperation()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Throws<InvalidOperationException>(() => context.Parallelize(Array.Empty<int>(), 3).First());
        Assert.Throws<InvalidOperationException>(() => context.EmptyRdd<string?>().First());
        Assert.Throws<InvalidOperationException>(() => context.Parallelize([1, 2, 3], 2).Filter(x => x > 5).First());
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Take_VariousCounts_EqualsLinqTake(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        foreach (var n in new[] { 0, 1, count / 2, Math.Max(0, count - 1), count, count + 1, 3 * count + 5 }.Distinct())
        {
            Assert.Equal(items.Take(n), rdd.Take(n));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(200)]
    public void Take_RecordsOnlyInLastOfManyPartitions_EqualsLinqTake(int n)
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var items = Enumerable.Range(0, 1000).ToArray();
        // 50 partitions of 20 records; only the last 6 partitions keep records, so Take must scan past 44 empty ones.
        static bool Keep(int x) => x >= 880 && x % 3 != 0;

        var taken = context.Parallelize(items, 50).Filter(Keep).Take(n);

        Assert.Equal(items.Where(Keep).Take(n), taken);
    }

    [Fact]
    public void Take_NegativeCount_ThrowsArgumentOutOfRange()
    {
        var context = Context(new EmberOptions { Master = "local[1]" });

        Assert.Throws<ArgumentOutOfRangeException>(() => context.Parallelize([1, 2], 1).Take(-1));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Reduce_RandomInts_EqualsLinqAggregate(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);

        if (count == 0)
        {
            Assert.Throws<InvalidOperationException>(() => rdd.Reduce((a, b) => a + b));
            return;
        }
        Assert.Equal(items.Aggregate((a, b) => a + b), rdd.Reduce((a, b) => a + b));
        Assert.Equal(items.Aggregate(Math.Max), rdd.Reduce(Math.Max));
        Assert.Equal(items.Aggregate(Math.Min), rdd.Reduce(Math.Min));
    }

    [Fact]
    public void Reduce_EmptyPartitionsAmongNonEmptyOnes_IgnoresThem()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        // 3 records in 10 partitions: 7 empty partitions. Max over negatives would be wrong if an empty one gave 0.
        var rdd = context.Parallelize([-5, -9, -2], 10);

        Assert.Equal(-2, rdd.Reduce(Math.Max));
        Assert.Equal(-16, rdd.Reduce((a, b) => a + b));
        Assert.Equal(-9, context.Parallelize(Enumerable.Range(-100, 100), 10).Filter(x => x is -50 or -9 or -73).Reduce(Math.Max));
    }

    [Fact]
    public void Reduce_Empty_ThrowsInvalidOperation()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Throws<InvalidOperationException>(() => context.EmptyRdd<int>().Reduce((a, b) => a + b));
        Assert.Throws<InvalidOperationException>(() => context.Parallelize([1, 2, 3], 3).Filter(x => x > 3).Reduce((a, b) => a + b));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fold_RandomInts_EqualsLinqAggregateFromZero(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions).Map(x => (long)x);

        Assert.Equal(items.Aggregate(0L, (a, b) => a + b), rdd.Fold(0, (a, b) => a + b));
        Assert.Equal(items.Aggregate(long.MinValue, (a, b) => Math.Max(a, b)), rdd.Fold(long.MinValue, Math.Max));
    }

    [Fact]
    public void Fold_EmptyRdd_Zero()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Equal(0, context.EmptyRdd<int>().Fold(0, (a, b) => a + b));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Aggregate_StringsWithNulls_EqualsLinqCountsAndLengths(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        static (int Nulls, long Length) Add((int Nulls, long Length) acc, string? s) =>
            s is null ? (acc.Nulls + 1, acc.Length) : (acc.Nulls, acc.Length + s.Length);

        var result = context.Parallelize(items, partitions)
            .Aggregate((Nulls: 0, Length: 0L), Add, (a, b) => (a.Nulls + b.Nulls, a.Length + b.Length));

        Assert.Equal(items.Aggregate((Nulls: 0, Length: 0L), Add), result);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void CountByValue_StringsWithNulls_EqualsLinqGroupCounts(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));

        var counts = context.Parallelize(items, partitions).CountByValue();

        var expected = items.GroupBy(s => s).ToList();
        Assert.Equal(expected.Count, counts.Count);
        foreach (var group in expected)
        {
            Assert.True(counts.TryGetValue(group.Key!, out var actual), $"missing key '{group.Key ?? "null"}'");
            Assert.Equal(group.LongCount(), actual);
            Assert.Equal(group.LongCount(), counts[group.Key!]);
        }
        Assert.Equal(items.Contains(null), counts.ContainsKey(null!));
        Assert.Equal(RandomInputs.Sorted(items.Distinct()), RandomInputs.Sorted(counts.Keys));
        Assert.Equal(items.Length, counts.Values.Sum());
    }

    [Fact]
    public void ForEachPartition_EmptyRdd_NeverCalled()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var calls = 0;

        context.EmptyRdd<int>().ForEachPartition(_ => Interlocked.Increment(ref calls));

        Assert.Equal(0, Volatile.Read(ref calls));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task AsyncActions_StringsWithNulls_SameResultsAsSynchronousOnes(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);
        var lengths = rdd.Map(s => s?.Length ?? -1);

        Assert.Equal(rdd.Collect(), await rdd.CollectAsync());
        Assert.Equal(rdd.Count(), await rdd.CountAsync());
        Assert.Equal(rdd.Take(count / 2 + 1), await rdd.TakeAsync(count / 2 + 1));
        Assert.Equal(lengths.Fold(0, (a, b) => a + b), await lengths.FoldAsync(0, (a, b) => a + b));
        Assert.Equal(lengths.Aggregate(0L, (a, b) => a + b, (a, b) => a + b), await lengths.AggregateAsync(0L, (a, b) => a + b, (a, b) => a + b));
        Assert.Equal(
            RandomInputs.Sorted(rdd.CountByValue().Select(pair => $"{pair.Key ?? "null"}={pair.Value}")),
            RandomInputs.Sorted((await rdd.CountByValueAsync()).Select(pair => $"{pair.Key ?? "null"}={pair.Value}")));
        if (count == 0)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => rdd.FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => lengths.ReduceAsync((a, b) => a + b));
        }
        else
        {
            Assert.Equal(rdd.First(), await rdd.FirstAsync());
            Assert.Equal(lengths.Reduce((a, b) => a + b), await lengths.ReduceAsync((a, b) => a + b));
        }

    }

    [Fact]
    public async Task CollectAsync_CancelledToken_ThrowsOperationCanceled()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => context.Parallelize([1, 2, 3], 2).CollectAsync(cancelled.Token));
    }

    [Property(MaxTest = 60)]
    public void Actions_AnyInts_EqualLinq(int[] items, PositiveInt partitions, NonNegativeInt take)
    {
        var context = Context(RandomInputs.Options(2));
        var rdd = context.Parallelize(items, RandomInputs.Partitions(partitions));

        Assert.Equal(items, rdd.Collect());
        Assert.Equal(items.Length, rdd.Count());
        Assert.Equal(items.Take(take.Get), rdd.Take(take.Get));
        Assert.Equal(items.Sum(x => (long)x), rdd.Map(x => (long)x).Fold(0, (a, b) => a + b));
        if (items.Length > 0)
        {
            Assert.Equal(items.Max(), rdd.Reduce(Math.Max));
        }
        var counts = rdd.CountByValue();
        Assert.All(items.GroupBy(x => x), group => Assert.Equal(group.LongCount(), counts[group.Key]));
        Assert.Equal(items.Distinct().Count(), counts.Count);
    }

    [Property(MaxTest = 60)]
    public void CountByValue_AnyNullableStrings_EqualsLinqGroupCounts(string?[] items, PositiveInt partitions)
    {
        var context = Context(RandomInputs.Options(2));

        var counts = context.Parallelize(items, RandomInputs.Partitions(partitions)).CountByValue();

        Assert.Equal(items.Distinct().Count(), counts.Count);
        Assert.All(items.GroupBy(s => s), group => Assert.Equal(group.LongCount(), counts[group.Key!]));
    }
}

/// <summary>
/// What only one process can observe of <see cref="ActionTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class ActionInProcessTests : BackendTests
{
    [Theory]
    [MemberData(nameof(ActionTests.Shapes), MemberType = typeof(ActionTests))]
    public async Task ForEachAsync_StringsWithNulls_RunsOnEveryRecordAndPartition(int count, int partitions)
    {
        var items = RandomInputs.Strings(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var rdd = context.Parallelize(items, partitions);
        var lengths = rdd.Map(s => s?.Length ?? -1);

        long sum = 0;
        await lengths.ForEachAsync(x => Interlocked.Add(ref sum, x));
        Assert.Equal(items.Sum(s => (long)(s?.Length ?? -1)), Interlocked.Read(ref sum));
        var calls = 0;
        await rdd.ForEachPartitionAsync(_ => Interlocked.Increment(ref calls));
        Assert.Equal(partitions, Volatile.Read(ref calls));
    }

    [Theory]
    [MemberData(nameof(ActionTests.Shapes), MemberType = typeof(ActionTests))]
    public void ForEachPartition_RandomInts_CalledOncePerPartitionWithItsSlice(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        var calls = 0;
        var seen = new System.Collections.Concurrent.ConcurrentBag<int[]>();

        context.Parallelize(items, partitions).ForEachPartition(part =>
        {
            Interlocked.Increment(ref calls);
            seen.Add([.. part]);
        });

        Assert.Equal(partitions, Volatile.Read(ref calls));
        var bySlice = RandomInputs.Slices(items, partitions).Select(slice => string.Join(",", slice)).Order(StringComparer.Ordinal);
        Assert.Equal(bySlice, seen.Select(slice => string.Join(",", slice)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(ActionTests.Shapes), MemberType = typeof(ActionTests))]
    public void ForEach_RandomInts_InterlockedSumEqualsLinqSum(int count, int partitions)
    {
        var items = RandomInputs.Ints(RandomInputs.For(count, partitions), count);
        var context = Context(RandomInputs.Options(partitions));
        long sum = 0;
        var calls = 0;

        context.Parallelize(items, partitions).ForEach(x =>
        {
            Interlocked.Add(ref sum, x);
            Interlocked.Increment(ref calls);
        });

        Assert.Equal(items.Sum(x => (long)x), Interlocked.Read(ref sum));
        Assert.Equal(items.Length, Volatile.Read(ref calls));
    }

    [Fact]
    public void Take_FewRecordsOfManyPartitions_ComputesOnlyTheFirstPartition()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var computed = 0;
        var rdd = context.Parallelize(Enumerable.Range(0, 1000), 50).MapPartitions(part =>
        {
            Interlocked.Increment(ref computed);
            return part;
        });

        Assert.Equal([0, 1, 2, 3, 4], rdd.Take(5));
        Assert.Equal(1, Volatile.Read(ref computed));
    }
}

using System.Collections.Concurrent;
using Ember.Partitioning;
using Ember.Serialization;
using Ember.Tests.Backends;

namespace Ember.Tests.PairOperators;

/// <summary>
/// Zero values of AggregateByKey, FoldByKey, Aggregate and Fold: every key of every task, and the final merge on the
/// caller, starts from its own copy, so mutable zeros give Spark's answers (cases from Spark's PairRDDFunctionsSuite
/// and RDDSuite) and no two threads ever mutate one object.
/// </summary>
public class ZeroValueTests : BackendTests
{
    [Fact]
    public void AggregateByKey_HashSetZero_EachKeyGetsOnlyItsValues()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize([(1, 1), (1, 1), (3, 2), (5, 1), (5, 3)], 2);

        var sets = pairs.AggregateByKey(new HashSet<int>(), (set, value) => { set.Add(value); return set; },
            (first, second) => { first.UnionWith(second); return first; }).Collect();

        Assert.Equal(3, sets.Count);
        Assert.Equal([1], sets.Single(pair => pair.Key == 1).Value.Order());
        Assert.Equal([2], sets.Single(pair => pair.Key == 3).Value.Order());
        Assert.Equal([1, 3], sets.Single(pair => pair.Key == 5).Value.Order());
    }

    [Fact]
    public void AggregateByKey_AlreadyPartitioned_EachKeyGetsOnlyItsValues()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize([(1, 1), (1, 2), (3, 3), (5, 4), (5, 5)], 2).PartitionBy(new HashPartitioner(2));

        var lists = pairs.AggregateByKey(new List<int>(), (list, value) => { list.Add(value); return list; },
            (first, second) => { first.AddRange(second); return first; }, partitioner: new HashPartitioner(2)).Collect();

        Assert.Equal([(1, "1,2"), (3, "3"), (5, "4,5")],
            lists.Select(pair => (pair.Key, string.Join(",", pair.Value.Order()))).OrderBy(pair => pair.Key));
    }

    [Fact]
    public void AggregateByKey_ZeroDeclaredAsInterface_CopiesKeepTheConcreteType()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize([("a", 1), ("b", 2), ("a", 1), ("a", 3)], 3);

        var sets = pairs.AggregateByKey<string, int, ISet<int>>(new SortedSet<int>(), (set, value) => { set.Add(value); return set; },
            (first, second) => { first.UnionWith(second); return first; }).Collect();

        Assert.All(sets, pair => Assert.IsType<SortedSet<int>>(pair.Value));
        Assert.Equal([("a", "1,3"), ("b", "2")], sets.Select(pair => (pair.Key, string.Join(",", pair.Value))).OrderBy(pair => pair.Key));
    }

    [Fact]
    public void FoldByKey_ListZero_EachKeyGetsOnlyItsValues()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize(Enumerable.Range(0, 30).Select(i => (i % 3, new List<int> { i })), 4);

        var lists = pairs.FoldByKey([], (first, second) => { first.AddRange(second); return first; }).Collect();

        Assert.Equal(Enumerable.Range(0, 3).Select(key => (key, Enumerable.Range(0, 30).Where(i => i % 3 == key).ToList())),
            lists.OrderBy(pair => pair.Key).Select(pair => (pair.Key, pair.Value.Order().ToList())), ListPairComparer.Instance);
    }

    [Fact]
    public void Aggregate_DictionaryZero_SumsEachKeyOnce()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize([("a", 1), ("b", 2), ("a", 2), ("c", 5), ("a", 3)], 2);

        var result = pairs.Aggregate(new Dictionary<string, int>(),
            (map, pair) => { map[pair.Item1] = map.GetValueOrDefault(pair.Item1) + pair.Item2; return map; },
            (first, second) =>
            {
                foreach (var (key, value) in second)
                {
                    first[key] = first.GetValueOrDefault(key) + value;
                }
                return first;
            });

        Assert.Equal(new Dictionary<string, int> { ["a"] = 6, ["b"] = 2, ["c"] = 5 }, result);
    }

    [Fact]
    public void Fold_ListZero_HoldsEveryRecordOnce()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var lists = context.Parallelize(Enumerable.Range(0, 100).Select(i => new List<int> { i }), 8);

        var all = lists.Fold([], (first, second) => { first.AddRange(second); return first; });

        Assert.Equal(Enumerable.Range(0, 100), all.Order());
    }

    [Fact]
    public void AggregateByKey_ZeroImplementsICopyable_CopiedThroughItsHook()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize([("a", 1), ("b", 2), ("a", 3)], 2);

        var bags = pairs.AggregateByKey(new Bag(value => value * 10), (bag, value) => bag.With(value), (first, second) => first.Merge(second)).Collect();

        Assert.Equal([("a", "10,30"), ("b", "20")], bags.Select(pair => (pair.Key, string.Join(",", pair.Value.Items.Order()))).OrderBy(pair => pair.Key));
    }

    [Fact]
    public void AggregateByKey_ZeroTheSerializerCannotCopy_ThrowsNamingItsType()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });
        var pairs = context.Parallelize([("a", 1)], 1);

        var error = Assert.Throws<ArgumentException>(() =>
            pairs.AggregateByKey(new Uncopyable(value => value), (acc, _) => acc, (first, _) => first));

        Assert.Contains("AggregateByKey", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(Uncopyable), error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(ICopyable<int>), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fold_IntZero_NotCopiedAndSums()
    {
        var context = Context(new EmberOptions { Master = "local[2]" });

        Assert.Equal(5050, context.Parallelize(Enumerable.Range(1, 100), 4).Fold(0, (a, b) => a + b));
        Assert.True(ValueCopier<int>.IsImmutable);
        Assert.True(ValueCopier<string>.IsImmutable);
        Assert.True(ValueCopier<(long, double)>.IsImmutable);
        Assert.False(ValueCopier<(int, List<int>)>.IsImmutable);
    }

    /// <summary>Holds a delegate, which the serializer cannot copy.</summary>
    public sealed class Uncopyable(Func<int, int> transform)
    {
        public Func<int, int> Transform { get; } = transform;
    }

    /// <summary>A mutable accumulator the serializer cannot copy, with its own copy hook.</summary>
    public sealed class Bag(Func<int, int> transform) : ICopyable<Bag>
    {
        public List<int> Items { get; } = [];

        public Bag Copy()
        {
            var copy = new Bag(transform);
            copy.Items.AddRange(Items);
            return copy;
        }

        public Bag With(int value)
        {
            Items.Add(transform(value));
            return this;
        }

        public Bag Merge(Bag other)
        {
            Items.AddRange(other.Items);
            return this;
        }
    }

    private sealed class ListPairComparer : IEqualityComparer<(int Key, List<int> Values)>
    {
        public static readonly ListPairComparer Instance = new();

        public bool Equals((int Key, List<int> Values) x, (int Key, List<int> Values) y) => x.Key == y.Key && x.Values.SequenceEqual(y.Values);

        public int GetHashCode((int Key, List<int> Values) obj) => obj.Key;
    }
}

/// <summary>
/// What only one process can observe of <see cref="ZeroValueTests"/>: how often, and for which partitions, user code ran,
/// counted in the driver's memory by the functions themselves. On a cluster those functions run on copies in the
/// executors (as in Spark, where a closure's updates to a driver variable are lost), so these run locally only.
/// </summary>
public sealed class ZeroValueInProcessTests : BackendTests
{
    [Fact]
    public void AggregateByKey_ConcurrentTasks_NoTwoKeysOrTasksShareAnAccumulator()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        // 8 map tasks, each holding the 4 keys: 32 accumulations, each entitled to its own list.
        var pairs = context.Parallelize(Enumerable.Range(0, 8 * 4 * 10).Select(i => (Key: i % 4, Value: i)), 8);
        var zero = new List<int>();
        var started = new ConcurrentDictionary<List<int>, int>(ReferenceEqualityComparer.Instance);

        var lists = pairs.AggregateByKey(zero, (list, value) =>
        {
            if (list.Count == 0)
            {
                started.AddOrUpdate(list, 1, (_, count) => count + 1);
            }
            list.Add(value);
            return list;
        }, (first, second) => { first.AddRange(second); return first; }).Collect();

        Assert.Equal(32, started.Count);
        Assert.All(started.Values, count => Assert.Equal(1, count));
        Assert.DoesNotContain(zero, started.Keys);
        Assert.Empty(zero);
        Assert.Equal(Enumerable.Range(0, 320), lists.SelectMany(pair => pair.Value).Order());
    }

    [Fact]
    public void Aggregate_ConcurrentTasks_EachTaskAndTheMergeHaveTheirOwnAccumulator()
    {
        var context = Context(new EmberOptions { Master = "local[4]" });
        var zero = new List<int>();
        var seen = new ConcurrentDictionary<List<int>, byte>(ReferenceEqualityComparer.Instance);

        var all = context.Parallelize(Enumerable.Range(0, 80), 8).Aggregate(zero,
            (list, value) => { seen.TryAdd(list, 0); list.Add(value); return list; },
            (first, second) => { seen.TryAdd(first, 0); first.AddRange(second); return first; });

        // One accumulator per task, one for the merge on the caller, and never the zero passed in.
        Assert.Equal(9, seen.Count);
        Assert.DoesNotContain(zero, seen.Keys);
        Assert.Equal(Enumerable.Range(0, 80), all.Order());
    }
}

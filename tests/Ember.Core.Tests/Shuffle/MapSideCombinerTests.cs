using Ember.Partitioning;
using Ember.Shuffle;

namespace Ember.Tests.Shuffle;

/// <summary>
/// A map task stops combining when its first records show keys that barely repeat: results stay those of a full
/// combine for every aggregator, read once or twice, and tasks whose keys repeat still combine every record.
/// </summary>
public sealed class MapSideCombinerTests
{
    // More records per task than the combiner samples, over more keys than records: keys barely repeat.
    private const int RecordsPerTask = 50_000;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReduceByKey_KeysBarelyRepeat_EqualsLinqGroupBySum(bool computedInput)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var records = Pairs(keys: 200_000, count: 2 * RecordsPerTask);
        var input = context.Parallelize(records, 2);
        // An array partition is read as a span; a computed one through its enumerator.
        var pairs = computedInput ? input.Map(pair => pair) : input;

        var sums = pairs.ReduceByKey((a, b) => a + b, partitions: 3).Collect();

        Assert.Equal(records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, g.Sum())).OrderBy(r => r.Key), sums.OrderBy(r => r.Key));
    }

    [Fact]
    public void CombineByKey_MutableCombinerKeysBarelyRepeatCollectedTwice_SameGroupsBothTimes()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var records = Pairs(keys: 200_000, count: 2 * RecordsPerTask);
        var expected = records.GroupBy(r => r.Key, r => r.Value).ToDictionary(g => g.Key, g => string.Join(",", g.Order()));

        var groups = context.Parallelize(records, 2).CombineByKey(
            value => new List<long> { value },
            (list, value) => { list.Add(value); return list; },
            (first, second) => { first.AddRange(second); return first; });

        for (var read = 0; read < 2; read++)
        {
            var actual = groups.Collect().ToDictionary(g => g.Key, g => string.Join(",", g.Value.Order()));
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void AggregateByKey_MutableZeroKeysBarelyRepeat_EqualsLinqGroupByDistinctCount()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var records = Pairs(keys: 200_000, count: 2 * RecordsPerTask);

        var distinct = context.Parallelize(records, 2)
            .AggregateByKey(new HashSet<long>(), (set, value) => { set.Add(value); return set; }, (a, b) => { a.UnionWith(b); return a; })
            .Collect();

        Assert.Equal(
            records.GroupBy(r => r.Key, r => r.Value).Select(g => (g.Key, g.Distinct().Count())).OrderBy(r => r.Key),
            distinct.Select(g => (g.Key, g.Value.Count)).OrderBy(r => r.Key));
    }

    [Fact]
    public void Run_KeysRepeat_CombinesEveryRecordOfTheTask()
    {
        var combiner = new MapSideCombiner<long, long, long>(new Aggregator<long, long>(v => v, (a, b) => a + b, (a, b) => a + b), new HashPartitioner(2));

        var buckets = combiner.Run(Pairs(keys: 1000, count: RecordsPerTask), CancellationToken.None);

        Assert.Equal(1000, buckets.Sum(bucket => bucket.Count));
        ShuffleBuckets.Dispose(buckets);
    }

    private static (long Key, long Value)[] Pairs(int keys, int count)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(_ => ((long)random.Next(keys), (long)random.Next(1, 11)))];
    }
}

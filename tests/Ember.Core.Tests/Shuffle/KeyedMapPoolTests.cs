namespace Ember.Tests.Shuffle;

/// <summary>
/// Combine maps are pooled per thread between tasks: results stay right when a task reads two shuffles of the same
/// types at once, when the same shuffle output is read again, and from one batch-sized job to the next.
/// </summary>
public sealed class KeyedMapPoolTests
{
    [Fact]
    public void ZipPartitions_TwoReducedShufflesReadInterleaved_BothComplete()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var left = context.Parallelize(Enumerable.Range(0, 1000).Select(i => ((long)(i % 10), 1L)), 2).ReduceByKey((a, b) => a + b, 2);
        var right = context.Parallelize(Enumerable.Range(0, 1000).Select(i => ((long)(i % 10), 2L)), 2).ReduceByKey((a, b) => a + b, 2);

        var zipped = left.ZipPartitions(right, (l, r) => l.Zip(r, (x, y) => x.Value + y.Value)).Collect();

        Assert.Equal(10, zipped.Count);
        Assert.All(zipped, total => Assert.Equal(300, total));
    }

    [Fact]
    public void ReduceByKey_RunRepeatedlyWithFewerKeys_NoKeyLeaksFromAnEarlierRun()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        for (var keys = 1000; keys >= 1; keys /= 10)
        {
            var size = keys;
            var sums = context.Parallelize(Enumerable.Range(0, 10_000).Select(i => ((long)(i % size), 1L)), 2)
                .ReduceByKey((a, b) => a + b)
                .Collect();

            Assert.Equal(keys, sums.Count);
            Assert.All(sums, pair => Assert.Equal(10_000 / keys, pair.Value));
        }
    }

    [Fact]
    public void Collect_SameShuffleReadTwice_SameResult()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var sums = context.Parallelize(Enumerable.Range(0, 5000).Select(i => ((long)(i % 100), (long)i)), 3).ReduceByKey((a, b) => a + b);

        Assert.Equal(sums.Collect().OrderBy(pair => pair.Key), sums.Collect().OrderBy(pair => pair.Key));
    }
}

using System.Collections.Concurrent;
using Ember.Scheduling;

namespace Ember.Tests.Scheduling;

public sealed class TaskRetryTests
{
    [Fact]
    public async Task RunJobAsync_TaskFailsTwiceThenSucceeds_ResultCorrect()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var attempts = new ConcurrentDictionary<int, ConcurrentBag<int>>();

        var sums = await context.RunJobAsync(context.Parallelize(Enumerable.Range(1, 100), 4), (task, items) =>
        {
            attempts.GetOrAdd(task.PartitionId, _ => []).Add(task.AttemptNumber);
            if (task.AttemptNumber < 2)
            {
                throw new InvalidOperationException($"flaky attempt {task.AttemptNumber}");
            }
            return items.Sum();
        });

        Assert.Equal(5050, sums.Sum());
        Assert.Equal([0, 1, 2, 3], attempts.Keys.Order());
        Assert.All(attempts.Values, seen => Assert.Equal([0, 1, 2], seen.Order()));
    }

    [Fact]
    public async Task CollectAsync_MapFailsFirstTwoAttemptsPerPartition_ResultCorrect()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var attempts = new ConcurrentDictionary<int, int>();
        var rdd = context.Parallelize(Enumerable.Range(0, 40), 4).MapPartitionsWithIndex((index, items) =>
        {
            var attempt = attempts.AddOrUpdate(index, 1, (_, count) => count + 1);
            return attempt <= 2 ? FailAfter(items, 3) : items.Select(item => item * 2);
        });

        var result = await rdd.CollectAsync();

        Assert.Equal(Enumerable.Range(0, 40).Select(item => item * 2), result);
        Assert.All(Enumerable.Range(0, 4), index => Assert.Equal(3, attempts[index]));
    }

    [Fact]
    public async Task CollectAsync_TaskAlwaysFails_JobFailedAfterFourAttempts()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var attempts = 0;
        var rdd = context.Parallelize(Enumerable.Range(0, 40), 4).MapPartitionsWithIndex((index, items) =>
        {
            if (index != 2)
            {
                return items;
            }
            Interlocked.Increment(ref attempts);
            throw new FormatException("bad record in partition 2");
        });

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        var inner = Assert.IsType<FormatException>(error.InnerException);
        Assert.Equal("bad record in partition 2", inner.Message);
        Assert.Equal(2, error.PartitionId);
        Assert.True(error.StageId >= 0);
        Assert.True(error.JobId >= 0);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(4, Volatile.Read(ref attempts));
        Assert.Contains($"stage {error.StageId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("partition 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("ResultStage", error.Message, StringComparison.Ordinal);
        Assert.Contains("bad record in partition 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunJobAsync_TaskAlwaysFails_StageIdMatchesTaskContext()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var seen = new ConcurrentBag<(int Job, int Stage)>();

        var error = await Assert.ThrowsAsync<JobFailedException>(() => context.RunJobAsync<int, int>(context.Parallelize([1, 2], 1), (task, _) =>
        {
            seen.Add((task.JobId, task.StageId));
            throw new InvalidOperationException("always");
        }));

        Assert.Equal(4, seen.Count);
        Assert.All(seen, address => Assert.Equal((error.JobId, error.StageId), address));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(6)]
    public async Task CollectAsync_MaxTaskAttemptsOption_Honoured(int maxAttempts)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", MaxTaskAttempts = maxAttempts });
        var attempts = 0;
        var rdd = context.Parallelize([1], 1).Map<int>(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("always");
        });

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        Assert.Equal(maxAttempts, error.Attempts);
        Assert.Equal(maxAttempts, Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task CollectAsync_MaxTaskAttemptsOne_FirstFailureFailsJob()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", MaxTaskAttempts = 1 });
        var attempts = new ConcurrentDictionary<int, int>();
        var rdd = context.Parallelize(Enumerable.Range(0, 10), 2).MapPartitionsWithIndex((index, items) =>
            attempts.AddOrUpdate(index, 1, (_, count) => count + 1) == 1 && index == 0 ? FailAfter(items, 0) : items);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        Assert.Equal(1, error.Attempts);
        Assert.Equal(0, error.PartitionId);
    }

    [Fact]
    public async Task CollectAsync_MasterWithAttempts_OverridesMaxTaskAttemptsOption()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2,3]", MaxTaskAttempts = 7 });
        var attempts = 0;
        var rdd = context.Parallelize([1], 1).Map<int>(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("always");
        });

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        Assert.Equal(3, error.Attempts);
        Assert.Equal(3, Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task CollectAsync_FailureInShuffleMapStage_JobFailedNamingShuffleMapStage()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var attempts = 0;
        var rdd = context.Parallelize(Enumerable.Range(0, 100), 4)
            .Map(item =>
            {
                if (item == 77)
                {
                    Interlocked.Increment(ref attempts);
                    throw new ArgumentException("cannot map 77");
                }
                return (Key: item % 5, Value: 1);
            })
            .ReduceByKey((a, b) => a + b);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        var inner = Assert.IsType<ArgumentException>(error.InnerException);
        Assert.Equal("cannot map 77", inner.Message);
        Assert.Equal(3, error.PartitionId);
        Assert.Equal(4, error.Attempts);
        Assert.Equal(4, Volatile.Read(ref attempts));
        Assert.Contains("ShuffleMapStage", error.Message, StringComparison.Ordinal);
        Assert.Contains($"stage {error.StageId}", error.Message, StringComparison.Ordinal);
        Assert.Contains("partition 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectAsync_ShuffleMapTaskFailsOnceThenSucceeds_ResultCorrect()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var attempts = new ConcurrentDictionary<int, int>();
        var rdd = context.Parallelize(Enumerable.Range(0, 100), 4)
            .MapPartitionsWithIndex((index, items) =>
                attempts.AddOrUpdate(index, 1, (_, count) => count + 1) == 1 ? FailAfter(items, 10) : items)
            .Map(item => (Key: item % 5, Value: 1))
            .ReduceByKey((a, b) => a + b);

        var result = (await rdd.CollectAsync()).OrderBy(pair => pair.Key);

        Assert.Equal(Enumerable.Range(0, 5).Select(key => (key, 20)), result);
        Assert.All(Enumerable.Range(0, 4), index => Assert.Equal(2, attempts[index]));
    }

    [Fact]
    public async Task CollectAsync_AfterFailedJob_LaterJobSucceeds()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var source = context.Parallelize(Enumerable.Range(0, 10), 2);

        await Assert.ThrowsAsync<JobFailedException>(() => source.Map<int>(_ => throw new InvalidOperationException("always")).CollectAsync());

        Assert.Equal(45, await source.ReduceAsync((a, b) => a + b));
    }

    private static IEnumerable<T> FailAfter<T>(IEnumerable<T> items, int count)
    {
        var yielded = 0;
        foreach (var item in items)
        {
            if (yielded++ == count)
            {
                throw new InvalidOperationException($"failed after {count} record(s)");
            }
            yield return item;
        }
    }
}

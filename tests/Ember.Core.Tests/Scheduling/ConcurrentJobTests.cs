namespace Ember.Tests.Scheduling;

public sealed class ConcurrentJobTests
{
    // Only a safety net so a broken engine fails the test instead of hanging it; never reached when things work.
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CollectAsync_TwoJobsFromTwoThreads_BothCorrect()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var start = new Barrier(2);
        var squares = context.Parallelize(Enumerable.Range(0, 1000), 4).Map(item => item * item);
        var evens = context.Parallelize(Enumerable.Range(0, 1000), 3).Filter(item => item % 2 == 0);

        // Dedicated threads: blocking pool threads on the barrier and on Collect would starve the pool the engine uses.
        var first = Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(SafetyTimeout);
            return squares.Collect();
        }, TaskCreationOptions.LongRunning);
        var second = Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(SafetyTimeout);
            return evens.Collect();
        }, TaskCreationOptions.LongRunning);
        var results = await Task.WhenAll(first, second).WaitAsync(SafetyTimeout);

        Assert.Equal(Enumerable.Range(0, 1000).Select(item => item * item), results[0]);
        Assert.Equal(Enumerable.Range(0, 500).Select(item => item * 2), results[1]);
    }

    [Fact]
    public async Task CollectAsync_EightJobsFromSeveralThreads_AllCorrect()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        const int Jobs = 8;

        var jobs = Enumerable.Range(0, Jobs).Select(job => Task.Run(async () =>
        {
            // Half the jobs shuffle, half stay narrow; each one's data depends on its number.
            var source = context.Parallelize(Enumerable.Range(0, 500 + job), 2 + job % 3).Map(item => item + job);
            if (job % 2 == 0)
            {
                var sums = await source.Map(item => (Key: item % 7, Value: (long)item)).ReduceByKey((a, b) => a + b).CollectAsync();
                return sums.OrderBy(pair => pair.Key).Select(pair => pair.Value).ToList();
            }
            var items = await source.CollectAsync();
            return items.Select(item => (long)item).ToList();
        })).ToList();
        var results = await Task.WhenAll(jobs).WaitAsync(SafetyTimeout);

        for (var job = 0; job < Jobs; job++)
        {
            var items = Enumerable.Range(0, 500 + job).Select(item => item + job).ToList();
            var expected = job % 2 == 0
                ? items.GroupBy(item => item % 7).OrderBy(group => group.Key).Select(group => group.Sum(item => (long)item)).ToList()
                : items.Select(item => (long)item).ToList();
            Assert.Equal(expected, results[job]);
        }
    }

    [Fact]
    public async Task CollectAsync_TwoJobsOnSameShuffleAtOnce_MapStageComputedOnce()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var gate = new ManualResetEventSlim();
        var mapped = 0;
        var reduced = context.Parallelize(Enumerable.Range(0, 1000), 4)
            .Map(item =>
            {
                // Holds the map stage until both jobs are submitted, so the second finds it running.
                gate.Wait(SafetyTimeout);
                Interlocked.Increment(ref mapped);
                return (Key: item % 10, Value: 1);
            })
            .ReduceByKey((a, b) => a + b);

        var first = reduced.CollectAsync();
        var second = Task.Run(() => reduced.CollectAsync());
        var third = reduced.CountAsync();
        gate.Set();
        var results = await Task.WhenAll(first, second).WaitAsync(SafetyTimeout);

        var expected = Enumerable.Range(0, 10).Select(key => (key, 100)).ToList();
        Assert.Equal(expected, results[0].OrderBy(pair => pair.Key));
        Assert.Equal(expected, results[1].OrderBy(pair => pair.Key));
        Assert.Equal(10, await third.WaitAsync(SafetyTimeout));
        Assert.Equal(1000, Volatile.Read(ref mapped));
    }

    [Fact]
    public async Task CollectAsync_ManyJobsOnSameShuffleFromThreads_MapStageComputedOnce()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        const int Jobs = 8;
        var mapped = 0;
        var reduced = context.Parallelize(Enumerable.Range(0, 2000), 4)
            .Map(item =>
            {
                Interlocked.Increment(ref mapped);
                return (Key: item % 10, Value: 1);
            })
            .ReduceByKey((a, b) => a + b, partitions: 3);

        var jobs = Enumerable.Range(0, Jobs).Select(_ => Task.Run(() => reduced.CollectAsync())).ToList();
        var results = await Task.WhenAll(jobs).WaitAsync(SafetyTimeout);

        var expected = Enumerable.Range(0, 10).Select(key => (key, 200)).ToList();
        Assert.All(results, result => Assert.Equal(expected, result.OrderBy(pair => pair.Key)));
        Assert.Equal(2000, Volatile.Read(ref mapped));
    }

    [Fact]
    public async Task CollectAsync_OneConcurrentJobFails_OtherJobUnaffected()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var failing = context.Parallelize(Enumerable.Range(0, 100), 4).Map<int>(_ => throw new InvalidOperationException("always"));
        var healthy = context.Parallelize(Enumerable.Range(0, 100), 4).Map(item => item + 1);

        var failed = Task.Run(() => failing.CollectAsync());
        var succeeded = Task.Run(() => healthy.CollectAsync());

        await Assert.ThrowsAsync<Ember.Scheduling.JobFailedException>(() => failed.WaitAsync(SafetyTimeout));
        Assert.Equal(Enumerable.Range(1, 100), await succeeded.WaitAsync(SafetyTimeout));
    }
}

using System.Collections.Concurrent;
using Ember.Scheduling;

namespace Ember.Tests.Context;

public sealed class EmberContextTests
{
    // Only a safety net so a broken engine fails the test instead of hanging it; never reached when things work.
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Constructor_Local_OneWorkerThread()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local" });

        var threads = await context.RunJobAsync(context.Parallelize(Enumerable.Range(0, 80), 8), (_, _) => Environment.CurrentManagedThreadId);

        Assert.Equal(1, context.DefaultParallelism);
        Assert.Single(threads.Distinct());
    }

    [Fact]
    public void Constructor_LocalN_DefaultParallelismIsN()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[3]" });

        Assert.Equal(3, context.DefaultParallelism);
        Assert.Equal(3, context.Parallelize(Enumerable.Range(0, 10)).Partitions.Count);
    }

    [Fact]
    public async Task Constructor_LocalN_RunsNTasksAtOnce()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[3]" });
        using var allRunning = new CountdownEvent(3);

        // Each task waits until all three run: the job can only finish if three workers exist.
        var met = await context.RunJobAsync(context.Parallelize(Enumerable.Range(0, 3), 3), (_, _) =>
        {
            allRunning.Signal();
            return allRunning.Wait(SafetyTimeout);
        }).WaitAsync(SafetyTimeout);

        Assert.All(met, Assert.True);
    }

    [Fact]
    public void Constructor_LocalStar_OneWorkerPerCore()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[*]" });

        Assert.Equal(Environment.ProcessorCount, context.DefaultParallelism);
    }

    [Fact]
    public void Constructor_DefaultOptions_OneWorkerPerCore()
    {
        using var context = new EmberContext();

        Assert.Equal(Environment.ProcessorCount, context.DefaultParallelism);
    }

    [Fact]
    public async Task Constructor_LocalNF_TriesEachTaskFTimes()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2,5]" });
        var attempts = 0;
        var rdd = context.Parallelize([1], 1).Map<int>(_ =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("always");
        });

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        Assert.Equal(5, error.Attempts);
        Assert.Equal(5, Volatile.Read(ref attempts));
    }

    [Theory]
    [InlineData("locale")]
    [InlineData("local[0]")]
    [InlineData("local[x]")]
    [InlineData("yarn")]
    [InlineData("")]
    public void Constructor_InvalidMaster_ThrowsArgumentExceptionQuotingIt(string master)
    {
        var error = Assert.Throws<ArgumentException>(() => new EmberContext(new EmberOptions { Master = master }));

        Assert.Contains($"'{master}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Constructor_DefaultParallelismBelowOne_ThrowsArgumentOutOfRange(int parallelism)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmberContext(new EmberOptions { Master = "local[2]", DefaultParallelism = parallelism }));
    }

    [Fact]
    public void Constructor_MaxTaskAttemptsBelowOne_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmberContext(new EmberOptions { Master = "local[2]", MaxTaskAttempts = 0 }));
    }

    [Fact]
    public async Task Parallelize_DefaultParallelismOption_UsedAsPartitionCount()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", DefaultParallelism = 5 });

        var rdd = context.Parallelize(Enumerable.Range(0, 23));

        Assert.Equal(5, context.DefaultParallelism);
        Assert.Equal(5, rdd.Partitions.Count);
        Assert.Equal(Enumerable.Range(0, 23), await rdd.CollectAsync());
    }

    [Fact]
    public async Task Parallelize_ExplicitPartitions_OverrideDefaultParallelism()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", DefaultParallelism = 5 });

        var rdd = context.Parallelize(Enumerable.Range(0, 23), 7);

        Assert.Equal(7, rdd.Partitions.Count);
        Assert.Equal(Enumerable.Range(0, 23), await rdd.CollectAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Parallelize_PartitionsBelowOne_ThrowsArgumentOutOfRange(int partitions)
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });

        Assert.Throws<ArgumentOutOfRangeException>(() => context.Parallelize([1, 2, 3], partitions));
    }

    [Fact]
    public async Task Parallelize_SourceChangedAfterwards_KeepsCopy()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var source = new List<int> { 1, 2, 3 };

        var rdd = context.Parallelize(source);
        source.Add(4);

        Assert.Equal([1, 2, 3], await rdd.CollectAsync());
    }

    [Fact]
    public async Task RunJobAsync_AfterDispose_ThrowsObjectDisposedException()
    {
        var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var rdd = context.Parallelize(Enumerable.Range(0, 10));
        context.Dispose();

        Assert.Throws<ObjectDisposedException>(() => rdd.Collect());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => rdd.CountAsync());
    }

    [Fact]
    public async Task Dispose_CalledTwice_IsIdempotent()
    {
        var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        Assert.Equal(10, await context.Parallelize(Enumerable.Range(0, 10)).CountAsync());

        context.Dispose();
        context.Dispose();
        await context.DisposeAsync();
    }

    [Fact]
    public async Task Dispose_WhileJobRuns_CancelsJobAndEndsWorkers()
    {
        var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var workers = new ConcurrentBag<Thread>();
        using var running = new CountdownEvent(2);
        var job = context.RunJobAsync(context.Parallelize(Enumerable.Range(0, 1000), 2), (task, items) =>
        {
            workers.Add(Thread.CurrentThread);
            running.Signal();
            // Holds the worker until the context cancels the job; the timeout is only a safety net.
            task.CancellationToken.WaitHandle.WaitOne(SafetyTimeout);
            return items.Count();
        });
        Assert.True(running.Wait(SafetyTimeout));

        context.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(SafetyTimeout));
        Assert.Equal(2, workers.Count);
        Assert.All(workers, worker => Assert.False(worker.IsAlive));
    }

    [Fact]
    public async Task Dispose_WithTasksStillQueued_CancelsQueuedJob()
    {
        var context = new EmberContext(new EmberOptions { Master = "local" });
        using var running = new ManualResetEventSlim();
        var blocking = context.RunJobAsync(context.Parallelize([1], 1), (task, items) =>
        {
            running.Set();
            task.CancellationToken.WaitHandle.WaitOne(SafetyTimeout);
            return items.Count();
        });
        Assert.True(running.Wait(SafetyTimeout));
        var queuedRuns = 0;
        var queued = context.RunJobAsync(context.Parallelize(Enumerable.Range(0, 8), 4), (_, items) =>
        {
            Interlocked.Increment(ref queuedRuns);
            return items.Count();
        });

        context.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => blocking.WaitAsync(SafetyTimeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(SafetyTimeout));
        Assert.Equal(0, Volatile.Read(ref queuedRuns));
    }
}

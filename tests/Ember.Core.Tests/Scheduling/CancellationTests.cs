namespace Ember.Tests.Scheduling;

public sealed class CancellationTests
{
    // Only a safety net so a broken engine fails the test instead of hanging it; never reached when things work.
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CollectAsync_CancelledWhileMapBlocks_ThrowsAndTasksStop()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var permits = new SemaphoreSlim(0);
        using var tenMapped = new ManualResetEventSlim();
        using var cancellation = new CancellationTokenSource();
        var mapped = 0;
        // Every record needs a permit, so the test decides how far the tasks may get.
        var rdd = context.Parallelize(Enumerable.Range(0, 100_000), 2).Map(item =>
        {
            if (!permits.Wait(SafetyTimeout))
            {
                throw new TimeoutException("No permit came.");
            }
            if (Interlocked.Increment(ref mapped) == 10)
            {
                tenMapped.Set();
            }
            return item;
        });

        var job = rdd.CollectAsync(cancellation.Token);
        permits.Release(10);
        Assert.True(tenMapped.Wait(SafetyTimeout));
        await cancellation.CancelAsync();
        // Plenty of permits: only the cancellation can stop the tasks now.
        permits.Release(1000);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(SafetyTimeout));
        var mappedWhenCancelled = Volatile.Read(ref mapped);

        // Each task maps at most the one record it was blocked on when the job was cancelled.
        Assert.InRange(mappedWhenCancelled, 10, 12);
        Assert.InRange(permits.CurrentCount, 998, 1000);
        // A later job runs on the same workers after them: the cancelled tasks did not go on mapping.
        Assert.Equal(4, await context.Parallelize(Enumerable.Range(0, 4), 4).CountAsync());
        Assert.Equal(mappedWhenCancelled, Volatile.Read(ref mapped));
    }

    [Fact]
    public async Task CollectAsync_TokenAlreadyCancelled_ThrowsWithoutRunningTasks()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var mapped = 0;
        var rdd = context.Parallelize(Enumerable.Range(0, 100), 4).Map(item => Interlocked.Increment(ref mapped));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => rdd.CollectAsync(new CancellationToken(canceled: true)));

        Assert.Equal(0, Volatile.Read(ref mapped));
    }

    [Fact]
    public async Task RunJobAsync_Cancelled_TaskContextTokenSignalled()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var running = new CountdownEvent(2);
        using var cancellation = new CancellationTokenSource();
        var signalled = 0;
        var job = context.RunJobAsync(context.Parallelize(Enumerable.Range(0, 10), 2), (task, items) =>
        {
            running.Signal();
            if (task.CancellationToken.WaitHandle.WaitOne(SafetyTimeout))
            {
                Interlocked.Increment(ref signalled);
            }
            return items.Count();
        }, cancellationToken: cancellation.Token);
        Assert.True(running.Wait(SafetyTimeout));

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(SafetyTimeout));
        Assert.Equal(2, Volatile.Read(ref signalled));
    }

    [Fact]
    public async Task CollectAsync_CancelledJob_LaterJobSucceeds()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        using var cancellation = new CancellationTokenSource();
        var source = context.Parallelize(Enumerable.Range(0, 1000), 2);
        var blocked = source.Map(item =>
        {
            started.Set();
            gate.Wait(SafetyTimeout);
            return item;
        });

        var job = blocked.CollectAsync(cancellation.Token);
        Assert.True(started.Wait(SafetyTimeout));
        await cancellation.CancelAsync();
        gate.Set();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(SafetyTimeout));

        Assert.Equal(Enumerable.Range(0, 1000).Sum(), await source.ReduceAsync((a, b) => a + b).WaitAsync(SafetyTimeout));
        Assert.Equal(1000, await blocked.CountAsync().WaitAsync(SafetyTimeout));
    }

    [Fact]
    public async Task CollectAsync_CancelledDuringShuffleMapStage_LaterJobOnSameRddSucceeds()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var gate = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        using var cancellation = new CancellationTokenSource();
        var blockOnce = 1;
        var reduced = context.Parallelize(Enumerable.Range(0, 1000), 4)
            .Map(item =>
            {
                if (Interlocked.Exchange(ref blockOnce, 0) == 1)
                {
                    started.Set();
                    gate.Wait(SafetyTimeout);
                }
                return (Key: item % 10, Value: 1);
            })
            .ReduceByKey((a, b) => a + b);

        var job = reduced.CollectAsync(cancellation.Token);
        Assert.True(started.Wait(SafetyTimeout));
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(SafetyTimeout));
        gate.Set();

        var counts = await reduced.CollectAsync().WaitAsync(SafetyTimeout);

        Assert.Equal(Enumerable.Range(0, 10).Select(key => (key, 100)), counts.OrderBy(pair => pair.Key));
    }

    [Fact]
    public async Task CollectAsync_CancelledWhileShuffleMapBlocks_MapTasksStop()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        using var permits = new SemaphoreSlim(0);
        using var tenMapped = new ManualResetEventSlim();
        using var cancellation = new CancellationTokenSource();
        var mapped = 0;
        var reduced = context.Parallelize(Enumerable.Range(0, 100_000), 2)
            .Map(item =>
            {
                if (!permits.Wait(SafetyTimeout))
                {
                    throw new TimeoutException("No permit came.");
                }
                if (Interlocked.Increment(ref mapped) == 10)
                {
                    tenMapped.Set();
                }
                return (Key: item % 10, Value: 1);
            })
            .ReduceByKey((a, b) => a + b);

        var job = reduced.CollectAsync(cancellation.Token);
        permits.Release(10);
        Assert.True(tenMapped.Wait(SafetyTimeout));
        await cancellation.CancelAsync();
        permits.Release(100_000);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => job.WaitAsync(SafetyTimeout));
        // Disposing waits for the workers, so every map task has ended when it returns.
        context.Dispose();

        // Each map task may finish the record it was blocked on, but must not go on through its partition.
        Assert.InRange(Volatile.Read(ref mapped), 10, 12);
    }
}

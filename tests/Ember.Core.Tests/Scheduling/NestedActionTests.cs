using Ember.Scheduling;

namespace Ember.Tests.Scheduling;

/// <summary>
/// An action called from inside a task fails at once with Spark's SPARK-5063 advice instead of deadlocking the
/// workers, and a context whose jobs are stuck still disposes.
/// </summary>
public sealed class NestedActionTests
{
    // Only a safety net so a broken engine fails the test instead of hanging it; never reached when things work.
    private static readonly TimeSpan SafetyTimeout = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("local[1]")]
    [InlineData("local[4]")]
    public async Task Map_CountInsideTheFunction_FailsAtOnceNamingTheAction(string master)
    {
        using var context = new EmberContext(new EmberOptions { Master = master });
        var other = context.Parallelize(Enumerable.Range(0, 10), 2);
        var rdd = context.Parallelize(Enumerable.Range(0, 8), 4).Map(x => other.Count() * x);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync().WaitAsync(SafetyTimeout));

        var nested = Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.StartsWith($"Count was called on {other} inside a task", nested.Message, StringComparison.Ordinal);
        Assert.Contains("SPARK-5063", nested.Message, StringComparison.Ordinal);
        Assert.Contains("SPARK-5063", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForEachPartition_ActionsInsideTheFunction_EachFailsNamingItself()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var other = context.Parallelize([("a", 1), ("b", 2)], 2);
        var nestedActions = new Dictionary<string, Action>
        {
            ["Collect"] = () => other.Collect(),
            ["First"] = () => other.First(),
            ["Reduce"] = () => other.Reduce((a, _) => a),
            ["Aggregate"] = () => other.Aggregate(0, (sum, pair) => sum + pair.Item2, (a, b) => a + b),
            ["ForEach"] = () => other.ForEach(_ => { }),
            ["CountByKey"] = () => other.CountByKey(),
            ["SortByKey"] = () => other.SortByKey(partitions: 2),
            ["RunJob"] = () => context.RunJobAsync(other, (_, items) => items.Count()).GetAwaiter().GetResult(),
        };
        var messages = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();

        await context.Parallelize([0], 1).ForEachPartitionAsync(_ =>
        {
            foreach (var (name, action) in nestedActions)
            {
                messages[name] = Assert.Throws<InvalidOperationException>(action).Message;
            }
        }).WaitAsync(SafetyTimeout);

        Assert.All(nestedActions.Keys, name => Assert.StartsWith($"{name} was called on ", messages[name], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Map_ActionInATaskStartedByTheFunction_FailsAtOnce()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        var other = context.Parallelize(Enumerable.Range(0, 10), 2);
        var rdd = context.Parallelize(Enumerable.Range(0, 4), 2).Map(x => Task.Run(() => other.Count()).GetAwaiter().GetResult() * x);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync().WaitAsync(SafetyTimeout));

        Assert.Contains("Count was called", error.InnerException!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_AfterANestedActionFailed_TheContextRunsJobs()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]" });
        var other = context.Parallelize(Enumerable.Range(0, 10), 2);
        await Assert.ThrowsAsync<JobFailedException>(() => context.Parallelize([1, 2], 2).Map(x => other.Count() * x).CollectAsync().WaitAsync(SafetyTimeout));

        // The fix users make: the action on the driver, its result captured by the function.
        var count = other.Count();
        var scaled = await context.Parallelize([1, 2], 2).Map(x => count * x).CollectAsync().WaitAsync(SafetyTimeout);

        Assert.Equal([10L, 20L], scaled);
    }

    [Fact]
    public async Task Dispose_TaskWaitsForAJobQueuedBehindIt_CompletesAndEndsBothJobs()
    {
        var context = new EmberContext(new EmberOptions { Master = "local[1]" });
        using var outerRunning = new ManualResetEventSlim();
        var innerJob = new TaskCompletionSource<Task<long[]>>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The only worker runs a task that waits for a job the driver queued behind it: neither can ever finish.
        var outer = context.RunJobAsync(context.Parallelize([0], 1), (_, _) =>
        {
            outerRunning.Set();
            return innerJob.Task.GetAwaiter().GetResult().GetAwaiter().GetResult();
        });
        Assert.True(outerRunning.Wait(SafetyTimeout));
        var inner = context.RunJobAsync(context.Parallelize([1, 2], 2), (_, items) => items.LongCount());
        innerJob.SetResult(inner);

        await Task.Run(context.Dispose).WaitAsync(SafetyTimeout);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => inner.WaitAsync(SafetyTimeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => outer.WaitAsync(SafetyTimeout));
    }

    [Fact]
    public async Task Dispose_TaskIgnoresCancellation_ReturnsAfterTheGraceAndNamesTheWorker()
    {
        using var release = new ManualResetEventSlim();
        using var running = new ManualResetEventSlim();
        var backend = new LocalBackend(2, stopGrace: TimeSpan.FromMilliseconds(200));
        using var cancellation = new CancellationTokenSource();
        var stuck = backend.LaunchAsync(new TaskAddress(0, 0, 0, 0), () =>
        {
            running.Set();
            return release.Wait(SafetyTimeout);
        }, cancellation.Token);
        Assert.True(running.Wait(SafetyTimeout));

        await cancellation.CancelAsync();
        await Task.Run(backend.Dispose).WaitAsync(SafetyTimeout);

        Assert.Single(backend.AbandonedWorkers);
        Assert.StartsWith("ember-worker-", backend.AbandonedWorkers[0], StringComparison.Ordinal);
        release.Set();
        Assert.True(await stuck.WaitAsync(SafetyTimeout));
    }

    [Fact]
    public async Task LaunchAsync_CancelledWhileQueued_EndsWithoutAWorker()
    {
        using var release = new ManualResetEventSlim();
        using var running = new ManualResetEventSlim();
        var backend = new LocalBackend(1);
        using var cancellation = new CancellationTokenSource();
        var busy = backend.LaunchAsync(new TaskAddress(0, 0, 0, 0), () => { running.Set(); return release.Wait(SafetyTimeout); }, CancellationToken.None);
        Assert.True(running.Wait(SafetyTimeout));
        var ran = false;
        var queued = backend.LaunchAsync(new TaskAddress(0, 0, 1, 0), () => ran = true, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(SafetyTimeout));
        release.Set();
        Assert.True(await busy.WaitAsync(SafetyTimeout));
        backend.Dispose();
        Assert.False(ran);
        Assert.Empty(backend.AbandonedWorkers);
    }
}

using Ember.Streaming.Testing;
using Ember.Streaming.Tests.Operators;

namespace Ember.Streaming.Tests.Kit;

/// <summary>
/// The test kit on a cluster master: the tasks of a run really leave the test process, runs share one engine (the same
/// executor processes), a failed run leaves that engine fit for the next, and a stuck one leaves the next a new engine.
/// </summary>
public sealed class StreamingTestOnClusterTests
{
    private static readonly int[][] Input = [[1, 2, 3, 4], [5, 6]];

    [Fact]
    public async Task RunAsync_LocalCluster_TasksRunInExecutorProcessesNotTheTestProcess()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<int> s) => s.Map(_ => Environment.ProcessId), batches: 2, options: ClusterRuns.Options);

        var processes = outputs.SelectMany(batch => batch).ToList();
        Assert.Equal(6, processes.Count);
        Assert.DoesNotContain(Environment.ProcessId, processes);
    }

    [Fact]
    public async Task RunAsync_Local_TasksRunInTheTestProcess()
    {
        var outputs = await StreamingTest.RunAsync(Input, (DStream<int> s) => s.Map(_ => Environment.ProcessId), batches: 2);

        Assert.All(outputs.SelectMany(batch => batch), process => Assert.Equal(Environment.ProcessId, process));
    }

    [Fact]
    public async Task RunAsync_LocalClusterSeveralRuns_ShareTheTwoExecutorProcesses()
    {
        var processes = new HashSet<int>();
        for (var run = 0; run < 3; run++)
        {
            // Eight partitions per batch, so both single-core executors get tasks in every run.
            var outputs = await StreamingTest.RunAsync(
                [Enumerable.Range(0, 8).ToArray()], (DStream<int> s) => s.Map(_ => Environment.ProcessId), batches: 1,
                options: new StreamingTestOptions { Master = ClusterRuns.Master, PartitionsPerBatch = 8 });
            processes.UnionWith(outputs.SelectMany(batch => batch));
        }

        // An engine per run would have started six executor processes.
        Assert.InRange(processes.Count, 1, 2);
    }

    [Fact]
    public async Task RunAsync_LocalClusterTaskThrows_RunFailsAndTheNextRunSucceeds()
    {
        var failed = await Assert.ThrowsAsync<StreamingJobException>(() => StreamingTest.RunAsync(
            Input, (DStream<int> s) => s.Map<int, int>(x => throw new InvalidOperationException($"bad record {x}")), batches: 1,
            options: ClusterRuns.Options));
        Assert.Contains("bad record", failed.ToString());

        var outputs = await StreamingTest.RunAsync(Input, (DStream<int> s) => s.Map(x => x + 1), batches: 2, options: ClusterRuns.Options);

        Batches.Equal([[2, 3, 4, 5], [6, 7]], outputs);
    }

    [Fact]
    public async Task RunAsync_LocalClusterBatchNeverFinishes_TimesOutAndTheNextRunGetsAWorkingEngine()
    {
        // A task stuck for good (as on an executor that stopped answering) holds a core of the shared engine.
        var stuck = new StreamingTestOptions { Master = ClusterRuns.Master, BatchTimeout = TimeSpan.FromSeconds(5) };
        await Assert.ThrowsAsync<TimeoutException>(() => StreamingTest.RunAsync(
            Input, (DStream<int> s) => s.Map(x => { Thread.Sleep(Timeout.Infinite); return x; }), batches: 1, options: stuck));

        var outputs = await StreamingTest.RunAsync(Input, (DStream<int> s) => s.Map(x => x * 2), batches: 2, options: ClusterRuns.Options);

        Batches.Equal([[2, 4, 6, 8], [10, 12]], outputs);
    }

    [Fact]
    public async Task Driver_LocalClusterStatefulJobRestarted_TotalsEqualALocalRunNeverRestarted()
    {
        string[][] lines = [["a b", "b"], ["c"], ["a"], ["b c a"]];
        async Task<IReadOnlyList<string>> RunAsync(StreamingTestOptions options, int? restartBefore)
        {
            await using var driver = await StreamingTestDriver.StartAsync(job => job.Output("totals", job.Input<string>("lines")
                .FlatMap(line => line.Split(' '))
                .Map(word => (word, 1))
                .UpdateStateByKey((IReadOnlyList<int> counts, Option<int> total) => Option.Some(total.GetValueOrDefault(0) + counts.Sum()))
                .WithName("totals")), options: options);
            for (var batch = 0; batch < lines.Length; batch++)
            {
                if (batch == restartBefore)
                {
                    await driver.RestartAsync();
                }
                driver.Input<string>("lines").Push(lines[batch]);
                await driver.AdvanceBatchAsync();
            }
            return [.. driver.Output<(string Key, int Value)>("totals").Batches.Select(batch => Batches.Format(batch.Records))];
        }

        var local = await RunAsync(new StreamingTestOptions(), restartBefore: null);
        var restartedOnCluster = await RunAsync(ClusterRuns.Options, restartBefore: 2);

        Assert.Equal(local, restartedOnCluster);
        Assert.Equal("[(a, 3), (b, 3), (c, 2)]", restartedOnCluster[^1]);
    }
}

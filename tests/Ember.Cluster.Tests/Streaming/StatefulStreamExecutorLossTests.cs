using System.Diagnostics;
using Ember.Cluster.Tests.Control;
using Ember.Cluster.Tests.Failures;
using Ember.Streaming;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Streaming;

/// <summary>
/// A stateful streaming job (<see cref="StatefulJob"/>) on <c>local-cluster[2,1]</c> loses an executor (SIGKILL)
/// between batches or while a batch runs: the state partitions it kept are rebuilt from the latest snapshot plus the
/// batches since, and every batch's outputs equal those of a run without the kill, key for key.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class StatefulStreamExecutorLossTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string checkpoint = Path.Combine(Path.GetTempPath(), $"ember-state-loss-{Guid.NewGuid():N}");

    /// <summary>The outputs of a run that loses nothing: one process, no executor to lose.</summary>
    private async Task<IReadOnlyDictionary<(string Operator, int Batch), string>> ExpectedAsync()
    {
        using var ember = new EmberContext(new EmberOptions { Master = "local[2]", AppName = "failures" });
        var job = StatefulJob.On(ember, Path.Combine(checkpoint, "expected"));
        await job.RunAsync(Deadline);
        Assert.Equal(3 * StatefulJob.Batches, job.Outputs.Count);
        return job.Outputs;
    }

    [Fact]
    public async Task SigKill_ExecutorBetweenBatches_EveryBatchOutputsWhatARunWithoutTheKillDoes()
    {
        var expected = await ExpectedAsync();
        using var cluster = FailureCluster.Start(output, executors: 2);
        var job = StatefulJob.On(cluster.Context, Path.Combine(checkpoint, "cluster"));
        TimeSpan? recovered = null;
        var clock = new Stopwatch();

        // After batch 4 (the snapshot of batch 3 plus one batch) both executors hold state partitions.
        await job.RunAsync(Deadline, beforeBatch: async batch =>
        {
            if (batch == 7)
                recovered = clock.Elapsed;
            if (batch != 5)
                return;
            clock.Start();
            cluster.Kill(cluster.Process("0"));
            await cluster.Removed.WaitForAsync(removed => removed.ExecutorId == "0", cluster.DetectionDeadline, "the loss of executor 0");
        });
        output.WriteLine(FailureCluster.Measured("SIGKILL between batches: two batches done after", recovered!.Value));

        AssertSameOutputs(expected, job.Outputs);
        // A lost partition replays the batches since the snapshot, the window's reaching a window further back.
        Assert.True(job.Pairs.RememberDuration >= StatefulJob.CheckpointEvery * 2 + StatefulJob.Window, $"The input remembers {job.Pairs.RememberDuration}.");
    }

    [Fact]
    public async Task SigKill_ExecutorWhileABatchRuns_EveryBatchOutputsWhatARunWithoutTheKillDoes()
    {
        var expected = await ExpectedAsync();
        using var gates = new TaskGates();
        using var cluster = FailureCluster.Start(output, executors: 2);
        const int Held = 8;
        var job = StatefulJob.On(cluster.Context, Path.Combine(checkpoint, "cluster"), gates.Directory, Held);
        int? killed = null;

        // Batch 8 reads its input while both executors hold state partitions since the snapshot of batch 6.
        await job.RunAsync(Deadline, whileRunning: async batch =>
        {
            if (batch != Held)
                return;
            var arrivals = await gates.WaitForArrivalsAsync(StatefulJob.Gate, arrived => arrived.Select(a => a.ProcessId).Distinct().Count() == 2,
                Deadline, "an input task of the batch on each executor");
            killed = arrivals[0].ProcessId;
            UnixSignals.Send(killed.Value, UnixSignals.SigKill);
            gates.Open(StatefulJob.Gate);
            await cluster.Removed.WaitForAsync(_ => true, cluster.DetectionDeadline, "the loss of the executor killed mid-batch");
        });

        Assert.False(UnixSignals.IsAlive(killed!.Value));
        AssertSameOutputs(expected, job.Outputs);
    }

    [Fact]
    public async Task Start_StatefulStreamWithoutCheckpointDirectory_FailsNamingTheOperator()
    {
        using var cluster = FailureCluster.Start(output, executors: 1);
        await using var context = new StreamingContext(cluster.Context, TimeSpan.FromSeconds(1));
        var queue = new System.Collections.Concurrent.ConcurrentQueue<Rdd<(string Key, int Value)>>();
        context.QueueStream(queue).UpdateStateByKey<string, int>((values, sum) => Option.Some(sum.GetValueOrDefault(0) + values.Sum())).Print();

        var error = Assert.Throws<InvalidOperationException>(context.Start);
        output.WriteLine(error.Message);

        Assert.Contains("UpdateStateByKey", error.Message);
        Assert.Contains("Checkpoint(directory)", error.Message);
        Assert.Equal(StreamingContextState.Initialized, context.State);
    }

    private static void AssertSameOutputs(IReadOnlyDictionary<(string Operator, int Batch), string> expected, IReadOnlyDictionary<(string Operator, int Batch), string> actual)
    {
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, records) in expected)
            Assert.True(records == actual[key], $"{key.Operator} at batch {key.Batch} differs:\nexpected {records}\nactual   {actual[key]}");
    }

    public void Dispose()
    {
        if (Directory.Exists(checkpoint))
            Directory.Delete(checkpoint, recursive: true);
    }
}

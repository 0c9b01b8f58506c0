using System.Diagnostics;
using Ember.Cluster.Control;
using Ember.Cluster.Tests.Control;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Failures;

/// <summary>
/// Executors of <c>local-cluster</c> killed (SIGKILL) or frozen (SIGSTOP) while a job runs: the job still completes
/// with the answer LINQ gives, by Spark's rules (running tasks retried elsewhere, lost map outputs recomputed, a
/// reducer's fetch failure resubmitting the parent stage).
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ExecutorLossTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);
    private static readonly int[] Numbers = [.. Enumerable.Range(0, 20_000)];

    private static Dictionary<int, long> ExpectedSums() =>
        Numbers.GroupBy(i => i % 97).ToDictionary(group => group.Key, group => group.Sum(i => (long)i));

    /// <summary>
    /// The sum of <see cref="Numbers"/> by key (modulo 97) through a shuffle whose map tasks pass gate "map" and,
    /// with <paramref name="holdReducers"/>, whose reduce tasks pass gate "reduce" before they read anything. Built
    /// here, apart from the tests' other locals: a lambda carries every variable its scope captures.
    /// </summary>
    private static Rdd<(int Key, long Value)> SumsByKey(EmberContext context, string directory, int mapTasks, int reduceTasks, bool holdReducers = false)
    {
        var sums = context.Parallelize(Numbers, mapTasks)
            .MapPartitionsWithIndex((partition, items) =>
            {
                TaskGates.Pass(directory, "map", partition);
                return items.Select(i => (i % 97, (long)i));
            })
            .ReduceByKey((a, b) => a + b, reduceTasks);
        return !holdReducers ? sums : sums.MapPartitionsWithIndex((partition, items) =>
        {
            TaskGates.Pass(directory, "reduce", partition);
            return items;
        });
    }

    /// <summary>Starts collecting <see cref="SumsByKey"/> and waits until each of the 2 executors holds one map task at the gate.</summary>
    private static async Task<(Rdd<(int Key, long Value)> Sums, Task<IReadOnlyList<(int Key, long Value)>> Job, IReadOnlyList<Arrival> Held)>
        StartWithAMapTaskHeldOnEachExecutorAsync(FailureCluster cluster, TaskGates gates, int mapTasks, int reduceTasks)
    {
        var sums = SumsByKey(cluster.Context, gates.Directory, mapTasks, reduceTasks);
        var job = sums.CollectAsync();
        var held = await gates.WaitForArrivalsAsync("map", arrivals => arrivals.Count == 2, Deadline, "a map task held on each executor");
        return (sums, job, held);
    }

    [Fact]
    public async Task SigKill_ExecutorDuringMapStage_LostOutputsAreRecomputedAndLaterJobsRunOnTheSurvivor()
    {
        using var gates = new TaskGates();
        using var cluster = FailureCluster.Start(output, executors: 2);
        var (sums, job, first) = await StartWithAMapTaskHeldOnEachExecutorAsync(cluster, gates, mapTasks: 8, reduceTasks: 4);

        // Let both executors write their first output, and hold each one's next map task.
        foreach (var arrival in first)
            gates.Open("map", arrival.Partition);
        var started = await gates.WaitForArrivalsAsync("map", arrivals => arrivals.Count == 4, Deadline, "a second map task on each executor");
        var victim = cluster.Process("0");
        var written = Assert.Single(first, arrival => arrival.ProcessId == victim.ProcessId).Partition;
        var running = Assert.Single(started.Except(first), arrival => arrival.ProcessId == victim.ProcessId).Partition;

        var clock = Stopwatch.StartNew();
        cluster.Kill(victim);
        gates.Open("map");
        await cluster.Removed.WaitForAsync(r => r.ExecutorId == "0", cluster.DetectionDeadline, "the loss of executor 0");
        var detected = clock.Elapsed;
        var result = await job.WaitAsync(Deadline);
        output.WriteLine(FailureCluster.Measured("SIGKILL during the map stage: executor lost after", detected));
        output.WriteLine(FailureCluster.Measured("SIGKILL during the map stage: job completed after", clock.Elapsed));

        Assert.Equal(ExpectedSums(), result.ToDictionary(pair => pair.Key, pair => pair.Value));
        var rerun = gates.Arrivals("map").Where(arrival => arrival.ProcessId != victim.ProcessId).Select(arrival => arrival.Partition).ToHashSet();
        Assert.Contains(written, rerun); // its output was lost with the executor
        Assert.Contains(running, rerun); // it was retried elsewhere

        // The cluster goes on without it. local-cluster's parallelism is what its master says, not what survives,
        // so partitions stay as the user sized them.
        Assert.DoesNotContain("0", cluster.Control.Executors.Select(executor => executor.ExecutorId));
        Assert.Contains("1", cluster.Control.Executors.Select(executor => executor.ExecutorId));
        Assert.Equal(2, cluster.Context.DefaultParallelism);
        var numbers = cluster.Context.Parallelize(Numbers);
        Assert.Equal(2, numbers.Partitions.Count);
        var again = numbers.Map(i => (i % 97, (long)i)).ReduceByKey((a, b) => a + b);
        Assert.Equal(ExpectedSums(), again.Collect().ToDictionary(pair => pair.Key, pair => pair.Value));
        Assert.Equal(ExpectedSums(), sums.Collect().ToDictionary(pair => pair.Key, pair => pair.Value));
    }

    [Fact]
    public async Task SigKill_ExecutorBetweenMapAndReduce_ParentStageIsResubmittedAndTheJobCompletes()
    {
        using var gates = new TaskGates();
        using var cluster = FailureCluster.Start(output, executors: 2);
        gates.Open("map");
        var sums = SumsByKey(cluster.Context, gates.Directory, mapTasks: 4, reduceTasks: 2, holdReducers: true);
        var job = sums.CollectAsync();

        // Both reducers are held before they fetch anything: the map stage is over, its outputs on both executors.
        await gates.WaitForArrivalsAsync("reduce", arrivals => arrivals.Count == 2, Deadline, "a reduce task on each executor");
        var victim = cluster.Process("0");
        var lostOutputs = gates.Arrivals("map").Count(arrival => arrival.ProcessId == victim.ProcessId);
        Assert.InRange(lostOutputs, 1, 3);

        var clock = Stopwatch.StartNew();
        cluster.Kill(victim);
        await cluster.Removed.WaitForAsync(r => r.ExecutorId == "0", cluster.DetectionDeadline, "the loss of executor 0");
        var detected = clock.Elapsed;
        gates.Open("reduce");
        var result = await job.WaitAsync(Deadline);
        output.WriteLine(FailureCluster.Measured("SIGKILL between map and reduce: executor lost after", detected));
        output.WriteLine(FailureCluster.Measured("SIGKILL between map and reduce: job completed after", clock.Elapsed));

        Assert.Equal(ExpectedSums(), result.ToDictionary(pair => pair.Key, pair => pair.Value));
        // The reducer reading the lost outputs failed to fetch them (Spark's FetchFailed), and the map stage ran again
        // for exactly the outputs that were lost.
        var logs = cluster.Logs.Entries;
        Assert.Contains(logs, entry => entry.Message.Contains("Recomputing the parent stages", StringComparison.Ordinal));
        var mapStages = logs.Where(entry => entry.Message.StartsWith("Submitting stage", StringComparison.Ordinal)
                && ((string)entry.Values["Stage"]!).StartsWith("ShuffleMapStage", StringComparison.Ordinal))
            .Select(entry => (int)entry.Values["Tasks"]!).ToList();
        Assert.Equal([4, lostOutputs], mapStages);
    }

    [Fact]
    public async Task SigStop_ExecutorDuringJob_IsDeclaredLostInTimeItsTaskRerunsAndItExitsWhenResumed()
    {
        using var gates = new TaskGates();
        using var cluster = FailureCluster.Start(output, executors: 2);
        var (sums, job, first) = await StartWithAMapTaskHeldOnEachExecutorAsync(cluster, gates, mapTasks: 4, reduceTasks: 2);
        var victim = cluster.Process("1");
        var held = Assert.Single(first, arrival => arrival.ProcessId == victim.ProcessId).Partition;

        var clock = Stopwatch.StartNew();
        cluster.Freeze(victim);
        var removed = await cluster.Removed.WaitForAsync(r => r.ExecutorId == "1", cluster.DetectionDeadline, "the loss of executor 1");
        var detected = clock.Elapsed;
        gates.Open("map");
        var result = await job.WaitAsync(Deadline);
        var completed = clock.Elapsed;
        output.WriteLine(FailureCluster.Measured("SIGSTOP: executor declared lost after", detected));
        output.WriteLine(FailureCluster.Measured("SIGSTOP: job completed after", completed));

        Assert.Equal(ExecutorRemovalReason.Unreachable, removed.Reason);
        Assert.Equal(ExpectedSums(), result.ToDictionary(pair => pair.Key, pair => pair.Value));
        Assert.Contains(gates.Arrivals("map"), arrival => arrival.Partition == held && arrival.ProcessId != victim.ProcessId);

        // Resumed, its held task finishes and reports to a driver that no longer knows it; the executor finds itself
        // downed and exits on its own, without rejoining.
        cluster.Thaw(victim);
        using (var exit = new CancellationTokenSource(Deadline))
            await victim.WaitForExitAsync(exit.Token);
        output.WriteLine(FailureCluster.Measured($"SIGSTOP: resumed executor exited (code {victim.ExitCode}) after", clock.Elapsed));
        Assert.NotEqual(0, victim.ExitCode);
        Assert.DoesNotContain("1", cluster.Control.Executors.Select(executor => executor.ExecutorId));
        // The cluster goes on with executors (0, or on a machine so loaded that 0 missed its heartbeats too, its
        // replacement): the resumed one is the only one that must be gone.
        Assert.NotEmpty(cluster.Control.Executors);
        Assert.Equal(ExpectedSums(), sums.Collect().ToDictionary(pair => pair.Key, pair => pair.Value));
    }
}

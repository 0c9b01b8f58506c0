using System.Diagnostics;
using System.Net.Sockets;
using Ember.Cluster.Control;
using Ember.Cluster.Tests.Control;
using Ember.Scheduling;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Failures;

/// <summary>A user's exception thrown by a task on an executor.</summary>
public sealed class PoisonedRecordException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The <c>local-cluster[2,1]</c> that <see cref="TaskFailureTests"/> share: none of them costs an executor, and each
/// checks that both are still there.
/// </summary>
public sealed class TwoExecutorCluster : IDisposable
{
    internal FailureCluster Cluster { get; } = FailureCluster.Start(output: null, executors: 2);

    public void Dispose() => Cluster.Dispose();
}

/// <summary>
/// Failures that cost no executor, on <c>local-cluster</c>: a task failing on every attempt fails the job with the
/// user's exception after the configured attempts; a capture that cannot travel fails it at submission; a
/// registration refused for a taken executor id leaves the executor holding that id alone.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class TaskFailureTests(TwoExecutorCluster shared, ITestOutputHelper output) : IClassFixture<TwoExecutorCluster>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly FailureCluster cluster = shared.Cluster;

    [Fact]
    public async Task UserException_OnEveryAttempt_FailsTheJobAfterFourAttemptsWithTheUsersTypeAndMessage()
    {
        using var gates = new TaskGates();
        var directory = gates.Directory;
        gates.Open("attempt");
        var rdd = cluster.Context.Parallelize(Enumerable.Range(0, 8), 2)
            .MapPartitionsWithIndex((partition, items) =>
            {
                TaskGates.Pass(directory, "attempt", partition);
                return items.Select(i => i == 6 ? throw new PoisonedRecordException($"record {i} is poisoned") : i * 2);
            });

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync().WaitAsync(Deadline));

        Assert.Equal(4, error.Attempts);
        Assert.Equal(1, error.PartitionId);
        var user = Assert.IsType<PoisonedRecordException>(error.InnerException);
        Assert.Equal("record 6 is poisoned", user.Message);
        // The executor's stack trace comes along, for the user to find the throwing line.
        Assert.Contains(nameof(UserException_OnEveryAttempt_FailsTheJobAfterFourAttemptsWithTheUsersTypeAndMessage), user.InnerException!.Message);
        Assert.Equal(4, gates.Arrivals("attempt").Count(arrival => arrival.Partition == 1));
        // A task's failure is not an executor's: both stay, and the next job runs.
        Assert.Equal(2, cluster.Control.Executors.Count);
        Assert.Equal([0, 2, 4, 6], cluster.Context.Parallelize(Enumerable.Range(0, 4), 2).Map(i => i * 2).Collect());
    }

    [Fact]
    public async Task NonSerializableCapture_FailsAtSubmissionNamingTheFieldBeforeAnyTaskRuns()
    {
        using var gates = new TaskGates();
        var directory = gates.Directory;
        gates.Open("ran");
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var rdd = cluster.Context.Parallelize(Enumerable.Range(0, 8), 2).Map(i =>
        {
            TaskGates.Pass(directory, "ran", i);
            return i + socket.Available;
        });

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync().WaitAsync(Deadline));
        output.WriteLine(FailureCluster.Measured("non-serializable capture: job failed after", clock.Elapsed));

        // Far below any failure detection or retry: the job failed on the driver, before a task was sent.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"The job took {clock.Elapsed} to fail.");
        Assert.Equal(1, error.Attempts);
        var notSerializable = Assert.IsType<TaskNotSerializableException>(error.InnerException);
        Assert.Contains("captures field `socket` of type System.Net.Sockets.Socket", notSerializable.Message);
        Assert.Equal(typeof(Socket), notSerializable.OffendingType);
        Assert.Empty(gates.Arrivals("ran"));
        Assert.Equal(2, cluster.Control.Executors.Count);
    }

    [Fact]
    public async Task RegistrationRefused_ForATakenExecutorId_TheExecutorHoldingItKeepsRunningTasks()
    {
        var impostor = ExecutorEndpoint.Start(new ExecutorIdentity(cluster.Control.Address, "1", Cores: 1), new IdleExecutor(), cluster.Control.Options);
        try
        {
            var refused = await cluster.Removed.WaitForAsync(r => r.ExecutorId == "1" && r.Reason == ExecutorRemovalReason.Refused,
                Deadline, "the refusal of a second executor 1");
            Assert.Contains("executor id 1 is taken", refused.Message);
        }
        finally
        {
            await impostor.DisposeAsync();
        }

        // Both executors still take tasks: one task held on each proves the scheduler still counts executor 1's core.
        using var gates = new TaskGates();
        try
        {
            var held = await HoldOneTaskPerExecutorAsync(gates);
            Assert.Equal(
                new[] { cluster.Process("0").ProcessId, cluster.Process("1").ProcessId }.Order(),
                held.Select(arrival => arrival.ProcessId).Order());
        }
        finally
        {
            gates.Open("held");
        }
        Assert.Equal(2, cluster.Control.Executors.Count);
    }

    private async Task<IReadOnlyList<Arrival>> HoldOneTaskPerExecutorAsync(TaskGates gates)
    {
        var directory = gates.Directory;
        var job = cluster.Context.Parallelize(Enumerable.Range(0, 2), 2)
            .MapPartitionsWithIndex((partition, items) =>
            {
                TaskGates.Pass(directory, "held", partition);
                return items;
            })
            .CollectAsync();
        var held = await gates.WaitForArrivalsAsync("held", arrivals => arrivals.Count == 2, Deadline, "a task held on each executor");
        gates.Open("held");
        Assert.Equal([0, 1], await job.WaitAsync(Deadline));
        return held;
    }

    /// <summary>An executor's handler that is never given work: the driver refuses its registration.</summary>
    private sealed class IdleExecutor : IExecutorHandler
    {
        public void LaunchTask(LaunchTask task, Action<StatusUpdate> reply) =>
            throw new InvalidOperationException($"A refused executor was sent task {task.TaskId}.");

        public void KillTask(long taskId)
        {
        }

        public void RemoveShuffle(int shuffleId)
        {
        }

        public void RemoveRdd(int rddId)
        {
        }
    }
}

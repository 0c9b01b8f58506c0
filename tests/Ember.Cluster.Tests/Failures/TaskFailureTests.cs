using System.Diagnostics;
using System.Net.Sockets;
using Ember.Cluster.Tests.Control;
using Ember.Scheduling;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Failures;

/// <summary>A user's exception thrown by a task on an executor.</summary>
public sealed class PoisonedRecordException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Jobs that fail on <c>local-cluster</c> fail as they do locally: a task failing on every attempt fails the job with
/// the user's exception after the configured attempts; a capture that cannot travel fails it at submission.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class TaskFailureTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task UserException_OnEveryAttempt_FailsTheJobAfterFourAttemptsWithTheUsersTypeAndMessage()
    {
        using var gates = new TaskGates();
        using var cluster = FailureCluster.Start(output, executors: 2);
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
        // Both executors stay: a task's failure is not an executor's.
        Assert.Equal(2, cluster.Control.Executors.Count);
        Assert.Equal([0, 2, 4, 6], cluster.Context.Parallelize(Enumerable.Range(0, 4), 2).Map(i => i * 2).Collect());
    }

    [Fact]
    public async Task NonSerializableCapture_FailsAtSubmissionNamingTheFieldBeforeAnyTaskRuns()
    {
        using var gates = new TaskGates();
        using var cluster = FailureCluster.Start(output, executors: 2);
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
}

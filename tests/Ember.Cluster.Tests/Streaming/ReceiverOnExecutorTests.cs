using System.Collections.Concurrent;
using System.Diagnostics;
using Ember.Cluster.Tests.Control;
using Ember.Cluster.Tests.Failures;
using Ember.Streaming;
using Xunit.Abstractions;

namespace Ember.Cluster.Tests.Streaming;

/// <summary>
/// Receivers on <c>local-cluster</c> (Spark's receivers on executors): each runs as a long-running task on an executor,
/// one per executor where possible; its blocks stay there and the batches' tasks read them wherever they run; a
/// receiver whose executor is killed starts again on another; a graceful stop processes its last blocks.
/// </summary>
[Collection(ClusterProcessesCollection.Name)]
public sealed class ReceiverOnExecutorTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(200);
    private readonly string directory = Directory.CreateTempSubdirectory("ember-receivers-").FullName;
    private readonly ConcurrentQueue<int> processed = new();

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public async Task ReceiverStream_TwoReceiversOnTwoExecutors_EachRunsOnItsOwnExecutorAndEveryRecordIsProcessed()
    {
        using var cluster = FailureCluster.Start(output, executors: 2, cores: 2);
        var streaming = new StreamingContext(cluster.Context, BatchInterval);
        await using var _ = streaming;
        var first = Subdirectory("first");
        var second = Subdirectory("second");
        Collect(streaming.ReceiverStream(new PidReceiver(first, chunks: 20)).Union(streaming.ReceiverStream(new PidReceiver(second, chunks: 20))));

        streaming.Start();
        await WaitForAsync(() => processed.Count >= 400, "the 400 records of both receivers processed");

        var executors = new[] { cluster.Process("0").ProcessId, cluster.Process("1").ProcessId };
        var firstPid = Assert.Single(PidReceiver.StartedIn(first));
        var secondPid = Assert.Single(PidReceiver.StartedIn(second));
        Assert.NotEqual(firstPid, secondPid);
        Assert.Contains(firstPid, executors);
        Assert.Contains(secondPid, executors);
        Assert.Equal(400, processed.Count);
        Assert.Equal(200, processed.Count(pid => pid == firstPid));
        Assert.Equal(200, processed.Count(pid => pid == secondPid));
    }

    [Fact]
    public async Task ReceiverStream_ExecutorOfTheReceiverKilled_ReceiverStartsAgainOnAnotherExecutor()
    {
        using var cluster = FailureCluster.Start(output, executors: 2);
        var streaming = new StreamingContext(cluster.Context, BatchInterval);
        await using var _ = streaming;
        Collect(streaming.ReceiverStream(new PidReceiver(directory)));
        streaming.Start();
        await WaitForAsync(() => PidReceiver.StartedIn(directory).Count == 1 && processed.Count > 0, "the receiver's first records processed");
        var victimPid = Assert.Single(PidReceiver.StartedIn(directory));
        var victim = new[] { cluster.Process("0"), cluster.Process("1") }.Single(process => process.ProcessId == victimPid);

        var clock = Stopwatch.StartNew();
        cluster.Kill(victim);
        await WaitForAsync(() => PidReceiver.StartedIn(directory).Any(pid => pid != victimPid && processed.Contains(pid)),
            "records of the receiver started again on another executor processed");
        output.WriteLine(FailureCluster.Measured("receiver's executor SIGKILLed: records of its new run processed after", clock.Elapsed));

        var again = Assert.Single(PidReceiver.StartedIn(directory), pid => pid != victimPid);
        Assert.Contains(again, cluster.ExecutorProcessIds);
    }

    [Fact]
    public async Task ReceiverStream_ExecutorOfTheReceiverKilledBeforeItsBlocksAreRead_TheSecondCopiesAreReadAndNothingIsLost()
    {
        using var cluster = FailureCluster.Start(output, executors: 2);
        var streaming = new StreamingContext(cluster.Context, BatchInterval);
        await using var _ = streaming;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Batches wait (one job at a time) until the receiver's executor is gone: its blocks are all unread then.
        Collect(streaming.ReceiverStream(new PidReceiver(directory, chunks: 20)), before: () => release.Task.Wait(Deadline));
        streaming.Start();
        await WaitForAsync(() => PidReceiver.StoredBy(directory).Count == 1, "the receiver's 200 records stored");
        var (victimPid, stored) = Assert.Single(PidReceiver.StoredBy(directory));
        Assert.Equal(200, stored);
        var victim = new[] { cluster.Process("0"), cluster.Process("1") }.Single(process => process.ProcessId == victimPid);

        cluster.Kill(victim);
        await cluster.Removed.WaitForAsync(removed => removed.ExecutorId == victim.ExecutorId, cluster.DetectionDeadline, "the loss of the receiver's executor");
        release.SetResult();
        await WaitForAsync(() => processed.Count(pid => pid == victimPid) >= 200, "the 200 records stored by the lost executor processed");

        Assert.Equal(200, processed.Count(pid => pid == victimPid));
    }

    [Fact]
    public async Task ReceiverStream_WriteAheadLogAndTheReceiversExecutorKilled_EveryRecordIsProcessedExactlyOnce()
    {
        const int Total = 1000;
        using var cluster = FailureCluster.Start(output, executors: 2);
        var streaming = new StreamingContext(cluster.Context, BatchInterval, new StreamingOptions { WriteAheadLog = true });
        await using var _ = streaming;
        streaming.Checkpoint(Subdirectory("checkpoint"));
        var markers = Subdirectory("markers");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Batches wait until the receiver's executor is gone: the blocks it logged are read from the log then.
        Collect(streaming.ReceiverStream(new SequenceReceiver(markers, Total)), before: () => release.Task.Wait(Deadline));
        streaming.Start();
        await WaitForAsync(() => PidReceiver.StartedIn(markers).Count == 1 && SequenceReceiver.Progress(markers, PidReceiver.StartedIn(markers)[0]) >= 300,
            "the receiver's first 300 records stored");
        var victimPid = Assert.Single(PidReceiver.StartedIn(markers));
        var victim = new[] { cluster.Process("0"), cluster.Process("1") }.Single(process => process.ProcessId == victimPid);

        var clock = Stopwatch.StartNew();
        cluster.Kill(victim);
        await cluster.Removed.WaitForAsync(removed => removed.ExecutorId == victim.ExecutorId, cluster.DetectionDeadline, "the loss of the receiver's executor");
        release.SetResult();
        await WaitForAsync(() => Directory.EnumerateFiles(markers, "done.*").Any(), "the receiver, started again, storing its last chunk");
        await WaitForAsync(() => processed.Distinct().Count() == Total, "every record processed");
        output.WriteLine(FailureCluster.Measured("receiver's executor SIGKILLed with the write-ahead log: every record processed after", clock.Elapsed));
        await streaming.StopAsync(graceful: true).WaitAsync(Deadline);

        Assert.Equal(Enumerable.Range(0, Total), processed.Order());
        Assert.Contains(PidReceiver.StartedIn(markers), pid => pid != victimPid);
    }

    [Fact]
    public async Task ReceiverStream_MaxRatePerSecond_LimitsTheReceiverOnItsExecutor()
    {
        using var cluster = FailureCluster.Start(null, executors: 2);
        var streaming = new StreamingContext(cluster.Context, BatchInterval);
        await using var _ = streaming;
        Collect(streaming.ReceiverStream(new PidReceiver(directory, oneByOne: true), new Ember.Streaming.Receivers.ReceiverOptions { MaxRatePerSecond = 20 }));
        streaming.Start();
        await WaitForAsync(() => PidReceiver.StartedIn(directory).Count == 1, "the receiver's start");
        var clock = Stopwatch.StartNew();

        await WaitForAsync(() => processed.Count >= 60, "60 records processed");

        // Unlimited, the receiver stores 60 records in microseconds; at 20 a second, with at most a second's burst, in 2 s at least.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.5), $"60 records in {clock.Elapsed}");
    }

    [Fact]
    public async Task StopAsync_Graceful_TheReceiversLastBlocksAreProcessedBeforeTheStopCompletes()
    {
        using var cluster = FailureCluster.Start(null, executors: 2);
        var streaming = new StreamingContext(cluster.Context, BatchInterval);
        Collect(streaming.ReceiverStream(new PidReceiver(directory)));
        streaming.Start();
        await WaitForAsync(() => processed.Count > 0, "the receiver's first records processed");

        await streaming.StopAsync(graceful: true).WaitAsync(Deadline);

        var (pid, stored) = Assert.Single(PidReceiver.StoredBy(directory));
        Assert.All(processed, record => Assert.Equal(pid, record));
        Assert.Equal(stored, processed.Count);
    }

    private string Subdirectory(string name) => Directory.CreateDirectory(Path.Combine(directory, name)).FullName;

    private void Collect(DStream<int> stream, Action? before = null)
    {
        var sink = processed;
        stream.ForEachRdd(rdd =>
        {
            before?.Invoke();
            foreach (var record in rdd.Collect())
            {
                sink.Enqueue(record);
            }
        });
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Deadline)
            {
                throw new TimeoutException($"Waited {Deadline} for {what}.");
            }
            await Task.Delay(50);
        }
    }
}

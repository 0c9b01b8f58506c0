using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Ember.Streaming;
using Ember.Streaming.Listener;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Recovery.Tests.DiskFull;

/// <summary>
/// The checkpoint directory on a small tmpfs that fills up, as a full disk in production: batches keep completing,
/// every failed write is reported, nothing half written stays to keep the disk full, and once space is freed
/// checkpoints resume and a restart recovers from them.
/// </summary>
public sealed class CheckpointDiskFullTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SafetyNet = TimeSpan.FromSeconds(30);

    private readonly CrashWorkspace workspace = new("ember-disk-full");
    private readonly ConcurrentDictionary<Time, IReadOnlyList<(string Key, int Value)>> totals = new();
    private readonly List<string> fed = [];

    [TmpfsFact]
    public async Task Checkpoint_TmpfsFull_BatchesKeepCompletingAndAfterSpaceIsFreedCheckpointsResumeAndRecover()
    {
        var input = workspace.Dir("in");
        var staging = workspace.Dir("staging");
        using var tmpfs = TmpfsMount.Create(Path.Combine(workspace.Dir("mnt"), "checkpoint"), sizeKiB: 512);
        var checkpoint = tmpfs.Path;

        var (run1, clock1, events1) = Open(checkpoint, input, Start);
        await using (run1)
        {
            run1.Start();
            for (var k = 1; k <= 3; k++)
            {
                await RunBatchAsync(run1, clock1, events1, input, staging, k);
            }
            Assert.Equal(Batch(3), NewestManifest(checkpoint).Time);

            var filler = tmpfs.Fill();
            for (var k = 4; k <= 7; k++)
            {
                await RunBatchAsync(run1, clock1, events1, input, staging, k);
            }
            Assert.Equal(Expected(), ToDictionary(totals[Batch(7)]));
            Assert.False(run1.AwaitTerminationAsync().IsCompleted, "A checkpoint failure stopped the job.");
            Assert.Contains(events1.Failures, failure => failure.Message.Contains("space", StringComparison.OrdinalIgnoreCase));
            Assert.True(events1.Failures[^1].ConsecutiveFailures >= 4, $"{events1.Failures[^1].ConsecutiveFailures} failures in a row over four batches.");
            Assert.Equal(Batch(3), NewestManifest(checkpoint).Time);
            AssertNothingHalfWritten(checkpoint, newestSnapshot: Batch(2));

            File.Delete(filler);
            for (var k = 8; k <= 9; k++)
            {
                await RunBatchAsync(run1, clock1, events1, input, staging, k);
            }
            await run1.StopAsync().WaitAsync(SafetyNet);
        }
        var (time, manifest) = NewestManifest(checkpoint);
        Assert.Equal(Batch(9), time);
        Assert.Equal(Batch(8).Milliseconds, manifest["StateTimeMs"]!.GetValue<long>());
        AssertNothingHalfWritten(checkpoint, newestSnapshot: Batch(8));

        var (run2, clock2, events2) = Open(checkpoint, input, Batch(9).ToDateTimeOffset());
        await using (run2)
        {
            run2.Start();
            await RunBatchAsync(run2, clock2, events2, input, staging, 10);
            await run2.StopAsync().WaitAsync(SafetyNet);
        }
        Assert.Empty(events2.Failures);
        Assert.Equal(Expected(), ToDictionary(totals[Batch(10)]));
    }

    public void Dispose() => workspace.Dispose();

    private static Time Batch(int k) => Time.From(Start) + Second * k;

    /// <summary>A word-count job with running totals (snapshotted every 2 batches) over files, recovered from <paramref name="checkpoint"/> if it holds one.</summary>
    private (StreamingContext Context, FakeTimeProvider Clock, Events Events) Open(string checkpoint, string input, DateTimeOffset clockAt)
    {
        var clock = new FakeTimeProvider(clockAt);
        var context = StreamingContext.GetOrCreate(checkpoint, () =>
        {
            var ssc = new StreamingContext(new EmberOptions { Master = "local[2]", AppName = "DiskFull" }, Second,
                new StreamingOptions { TimeProvider = clock, GracefulStopTimeout = TimeSpan.FromSeconds(5) });
            ssc.TextFileStream(input)
                .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Map(word => (word, 1))
                .UpdateStateByKey((IReadOnlyList<int> values, Option<int> total) => Option.Some(total.GetValueOrDefault(0) + values.Sum()))
                .WithName("totals")
                .Checkpoint(Second * 2)
                .ForEachRdd((rdd, time) => totals[time] = rdd.Collect());
            return ssc;
        });
        var events = new Events();
        context.AddStreamingListener(events);
        return (context, clock, events);
    }

    /// <summary>Moves in batch <paramref name="k"/>'s file (from 2 on), advances the clock to it and waits until its output ran.</summary>
    private async Task RunBatchAsync(StreamingContext context, FakeTimeProvider clock, Events events, string input, string staging, int k)
    {
        if (k > 1)
        {
            var line = $"a w{k}";
            var staged = Path.Combine(staging, $"{k}.txt");
            File.WriteAllText(staged, line + "\n");
            File.SetLastWriteTimeUtc(staged, (Batch(k) - Second).ToDateTimeOffset().UtcDateTime);
            File.Move(staged, Path.Combine(input, $"{k}.txt"));
            fed.Add(line);
        }
        clock.Advance(Second);
        var batch = await events.Completed(Batch(k)).WaitAsync(SafetyNet);
        Assert.All(batch.OutputOperationInfos.Values, operation => Assert.Null(operation.FailureReason));
        Assert.False(context.AwaitTerminationAsync().IsFaulted);
    }

    private Dictionary<string, int> Expected() =>
        fed.SelectMany(line => line.Split(' ')).GroupBy(word => word, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);

    private static Dictionary<string, int> ToDictionary(IEnumerable<(string Key, int Value)> pairs) => pairs.ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    private static (Time Time, JsonNode Manifest) NewestManifest(string checkpoint)
    {
        var newest = Directory.GetFiles(checkpoint, "checkpoint-*.json")
            .Select(path => (Time: new Time(long.Parse(Path.GetFileNameWithoutExtension(path)["checkpoint-".Length..], CultureInfo.InvariantCulture)), Path: path))
            .MaxBy(entry => entry.Time.Milliseconds);
        return (newest.Time, JsonNode.Parse(File.ReadAllText(newest.Path))!["manifest"]!);
    }

    /// <summary>No temporary file or directory, and no snapshot newer than the last one a manifest refers to.</summary>
    private static void AssertNothingHalfWritten(string checkpoint, Time newestSnapshot)
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(checkpoint, "*.tmp*", SearchOption.AllDirectories));
        var snapshots = Directory.GetDirectories(Path.Combine(checkpoint, "state", "totals")).Select(path => long.Parse(Path.GetFileName(path), CultureInfo.InvariantCulture));
        Assert.All(snapshots, snapshot => Assert.True(snapshot <= newestSnapshot.Milliseconds, $"Snapshot {snapshot} is newer than the last one written whole."));
    }

    private sealed class Events : IStreamingListener
    {
        private readonly ConcurrentDictionary<Time, TaskCompletionSource<BatchInfo>> completed = new();
        private readonly ConcurrentQueue<CheckpointFailureInfo> failures = new();

        public IReadOnlyList<CheckpointFailureInfo> Failures => [.. failures];

        public Task<BatchInfo> Completed(Time time) => Completion(time).Task;

        public void OnBatchCompleted(BatchInfo batch) => Completion(batch.BatchTime).TrySetResult(batch);

        public void OnCheckpointFailed(CheckpointFailureInfo failure) => failures.Enqueue(failure);

        private TaskCompletionSource<BatchInfo> Completion(Time time) =>
            completed.GetOrAdd(time, _ => new TaskCompletionSource<BatchInfo>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}

using System.Collections.Concurrent;
using static Ember.Streaming.Tests.Checkpointing.CheckpointFixture;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// A batch whose output throws, as Spark handles it: the error surfaces from AwaitTerminationAsync, the batch stays
/// pending in every later checkpoint, and a restart with GetOrCreate runs it again with its batch time and its input,
/// while outputs that completed (an idempotent sink, earlier and later batches) do not run twice.
/// </summary>
public sealed class FailedBatchRecoveryTests
{
    /// <summary>
    /// Batches of 10 s and a restart at batch 12, so the failed batch 3 is older than the file source's 60 s window:
    /// the source must keep its files while it is pending.
    /// </summary>
    [Fact]
    public async Task GetOrCreate_OutputThrewAtOneBatch_RunsThatBatchAgainWithItsTimeAndNoBatchTwice()
    {
        await using var fixture = new CheckpointFixture();
        using var database = new Sinks.SqliteTestDatabase();
        var interval = TimeSpan.FromSeconds(10);
        var failing = Batch(3, interval);
        var prefix = Path.Combine(fixture.Root, "out", "words");
        var failAt = (Time?)failing;
        var written = new ConcurrentDictionary<Time, IReadOnlyList<string>>();
        var writes = new ConcurrentDictionary<Time, int>();
        void Build(StreamingContext ssc)
        {
            var words = WordCount.Words(ssc, fixture.Watched);
            words.SaveAsTextFiles(prefix);
            words.Map(word => (word, 1)).SaveToDatabase(database.CreateConnection, "words", Sinks.SqliteTestDatabase.WriteCountsAsync);
            words.ForEachRdd((rdd, time) =>
            {
                var batch = rdd.Collect();
                if (time == failAt)
                {
                    throw new InvalidOperationException($"sink down at {time}");
                }
                written[time] = batch;
                writes.AddOrUpdate(time, 1, (_, count) => count + 1);
            });
        }

        var run1 = fixture.Open(Build, interval: interval);
        run1.Start();
        for (var k = 1; k <= 12; k++)
        {
            if (k > 1)
            {
                fixture.Feed(Batch(k, interval), interval, $"w{k} x{k}");
            }
            var info = await run1.AdvanceThroughFailureAsync();
            Assert.Equal(k == 3, info.OutputOperationInfos[2].FailureReason is not null);
        }
        var error = await Assert.ThrowsAsync<StreamingJobException>(() => run1.Context.AwaitTerminationAsync().WaitAsync(RecoveryRun.SafetyNet));
        Assert.Contains($"batch {failing}", error.Message);
        await run1.StopAsync();
        // Later batches completed, yet the checkpoint never recorded the failed one as done.
        var later = fixture.Manifests().Where(manifest => TimeOf(manifest) >= failing.Milliseconds).ToList();
        Assert.NotEmpty(later);
        Assert.All(later, manifest => Assert.Contains((failing.Milliseconds, false), BatchesOf(ReadManifest(manifest))));
        var marker = Path.Combine($"{prefix}-{failing.Milliseconds}", "written-by-run-1");
        File.WriteAllText(marker, string.Empty);

        failAt = null;
        var run2 = fixture.Open(Build, clockAt: Batch(12, interval).ToDateTimeOffset(), interval: interval);
        Assert.True(run2.Context.IsRecovering);
        run2.Start();
        await run2.WaitForAsync(failing);
        fixture.Feed(Batch(13, interval), interval, "w13");
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(["w3", "x3"], written[failing].Order(StringComparer.Ordinal));
        Assert.All(Enumerable.Range(1, 13), k => Assert.Equal(1, writes.GetValueOrDefault(Batch(k, interval))));
        Assert.True(File.Exists(marker), "The batch directory SaveAsTextFiles wrote before the failure was written again.");
        // The database sink committed batch 3 before the failure: its marker made the replay skip it.
        Assert.Equal([("w3", 1L), ("x3", 1L)], database.Counts().Where(row => row.BatchTime == failing.Milliseconds).Select(row => (row.Word, row.Count)));
        Assert.Equal(Enumerable.Range(2, 12).Select(k => Batch(k, interval).Milliseconds), database.Markers().Select(marker => marker.BatchTime).Order());
        Assert.Empty(BatchesOf(ReadManifest(fixture.Manifests()[^1])));
    }

    /// <summary>
    /// Batches of 10 s, so the file source forgets batches 1 to 3 (its 60 s window before the failed batch 9): batch 9
    /// can no longer be recomputed from the start, only from the state saved when it failed.
    /// </summary>
    [Fact]
    public async Task GetOrCreate_OutputThrewBeforeLaterSnapshots_SnapshotsGoOnAndTheBatchRunsAgainOnTheStateItSaw()
    {
        await using var fixture = new CheckpointFixture();
        var interval = TimeSpan.FromSeconds(10);
        var failing = Batch(9, interval);
        var failAt = (Time?)failing;
        var totals = new Recorder<(string Key, int Value)>();
        void Build(StreamingContext ssc) => WordCount.Totals(ssc, fixture.Watched, every: interval * 2).ForEachRdd((rdd, time) =>
        {
            var batch = rdd.Collect();
            if (time == failAt)
            {
                throw new InvalidOperationException($"sink down at {time}");
            }
            totals.Outputs[time] = batch;
            totals.Calls.AddOrUpdate(time, 1, (_, count) => count + 1);
        });
        var fed = new List<(int Batch, string Line)>();
        void Feed(int k)
        {
            string[] lines = [$"a w{k}", k % 2 == 0 ? "b" : "c c"];
            fixture.Feed(Batch(k, interval), interval, lines);
            fed.AddRange(lines.Select(line => (k, line)));
        }

        var run1 = fixture.Open(Build, interval: interval);
        run1.Start();
        await run1.AdvanceThroughFailureAsync();
        for (var k = 2; k <= 16; k++)
        {
            Feed(k);
            await run1.AdvanceThroughFailureAsync();
        }
        await run1.StopAsync();
        var newest = ReadManifest(fixture.Manifests()[^1]);
        // The snapshots of batches 10 to 16 were not held back by the pending batch 9.
        Assert.Equal(Batch(16, interval).Milliseconds, StateTimeOf(newest));
        Assert.Equal([(failing.Milliseconds, false)], BatchesOf(newest));

        failAt = null;
        var run2 = fixture.Open(Build, clockAt: Batch(16, interval).ToDateTimeOffset(), interval: interval);
        run2.Start();
        await run2.WaitForAsync(failing);
        Feed(17);
        await run2.AdvanceAsync();
        await run2.StopAsync();

        Assert.Equal(WordCount.Count(fed.Where(entry => entry.Batch <= 9).Select(entry => entry.Line)), WordCount.ToDictionary(totals.At(failing)));
        Assert.Equal(WordCount.Count(fed.Select(entry => entry.Line)), WordCount.ToDictionary(totals.At(Batch(17, interval))));
        Assert.All(Enumerable.Range(1, 17), k => Assert.Equal(1, totals.CallsAt(Batch(k, interval))));
        var last = ReadManifest(fixture.Manifests()[^1]);
        Assert.DoesNotContain(BatchesOf(last), batch => batch.TimeMs == failing.Milliseconds);
        Assert.Null(last["Held"]?.AsArray().FirstOrDefault());
    }
}

using System.Collections.Concurrent;
using Ember.Streaming.Tests.Context;

namespace Ember.Streaming.Tests.Output;

public class ForEachRddTests
{
    [Fact]
    public async Task ForEachRdd_RddOnly_ReceivesEveryBatchInOrder()
    {
        await using var h = new StreamingHarness();
        var seen = new ConcurrentQueue<IReadOnlyList<int>>();
        h.Queue<int>([1, 2], [], [3]).ForEachRdd(rdd => seen.Enqueue(rdd.Collect()));
        h.Context.Start();

        await h.RunBatchesAsync(4);

        Assert.Equal([[1, 2], [], [3], []], seen);
    }

    [Fact]
    public async Task ForEachRdd_RddAndTime_ReceivesEveryBatchAndItsTimeInOrder()
    {
        await using var h = new StreamingHarness();
        var seen = new ConcurrentQueue<(Time Time, IReadOnlyList<int> Records)>();
        h.Queue<int>([1, 2], [3], [4, 5, 6]).Map(x => x * 10).ForEachRdd((rdd, time) => seen.Enqueue((time, rdd.Collect())));
        h.Context.Start();

        await h.RunBatchesAsync(3);

        Assert.Equal([h.BatchTime(0), h.BatchTime(1), h.BatchTime(2)], seen.Select(s => s.Time));
        Assert.Equal([[10, 20], [30], [40, 50, 60]], seen.Select(s => s.Records));
    }

    [Fact]
    public async Task ForEachRddAsync_Batches_ReceivesEveryBatchAndItsTimeInOrder()
    {
        await using var h = new StreamingHarness();
        var seen = new ConcurrentQueue<(Time Time, IReadOnlyList<int> Records)>();
        h.Queue<int>([1], [2, 3]).ForEachRddAsync(async (rdd, time, cancellationToken) =>
        {
            Assert.False(cancellationToken.IsCancellationRequested);
            seen.Enqueue((time, await rdd.CollectAsync(cancellationToken)));
        });
        h.Context.Start();

        await h.RunBatchesAsync(2);

        Assert.Equal([h.BatchTime(0), h.BatchTime(1)], seen.Select(s => s.Time));
        Assert.Equal([[1], [2, 3]], seen.Select(s => s.Records));
    }

    [Fact]
    public async Task ForEachRddAsync_ThrowsAfterAwait_ReportedAsJobFailure()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1]).ForEachRddAsync(async (rdd, _, cancellationToken) =>
        {
            await rdd.CountAsync(cancellationToken);
            throw new InvalidDataException("async sink failed");
        });
        h.Context.Start();

        var batch = await h.RunBatchAsync();

        Assert.Contains("async sink failed", batch.OutputOperationInfos[0].FailureReason);
        var error = await Assert.ThrowsAsync<StreamingJobException>(() => h.Context.AwaitTerminationAsync().WaitAsync(StreamingHarness.SafetyNet));
        Assert.IsType<InvalidDataException>(error.InnerException);
    }

    [Fact]
    public async Task ForEachRdd_SeveralOutputs_RunInDefinitionOrderEveryBatch()
    {
        using var temp = new TempDirectory();
        await using var h = new StreamingHarness();
        var order = new ConcurrentQueue<string>();
        var input = h.Queue<int>([1], [2]);
        input.ForEachRdd((_, time) => order.Enqueue($"{time.Milliseconds} first"));
        input.Map(x => x + 1).ForEachRddAsync(async (rdd, time, cancellationToken) =>
        {
            await rdd.CountAsync(cancellationToken);
            order.Enqueue($"{time.Milliseconds} second");
        });
        input.SaveAsTextFiles(Path.Combine(temp.Path, "out"));
        input.ForEachRdd(rdd => order.Enqueue($"third {rdd.Collect().Single()}"));
        input.ForEachRdd((_, time) => order.Enqueue($"{time.Milliseconds} fourth"));
        h.Context.Start();

        await h.RunBatchesAsync(2);

        var t1 = h.BatchTime(0).Milliseconds;
        var t2 = h.BatchTime(1).Milliseconds;
        Assert.Equal(
            [$"{t1} first", $"{t1} second", "third 1", $"{t1} fourth", $"{t2} first", $"{t2} second", "third 2", $"{t2} fourth"],
            order);
    }

    [Fact]
    public async Task ForEachRdd_NullAction_ThrowsArgumentNull()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1]);

        Assert.Throws<ArgumentNullException>(() => input.ForEachRdd((Action<Rdd<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => input.ForEachRdd((Action<Rdd<int>, Time>)null!));
        Assert.Throws<ArgumentNullException>(() => input.ForEachRddAsync(null!));
    }
}

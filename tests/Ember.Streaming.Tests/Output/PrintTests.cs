using Ember.Streaming.Tests.Context;

namespace Ember.Streaming.Tests.Output;

public class PrintTests
{
    private const string Dashes = "-------------------------------------------";

    [Fact]
    public async Task Print_FewerRecordsThanCount_PrintsAllRecordsWithoutEllipsis()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1, 2, 3]).Print(5);
        h.Context.Start();

        await h.RunBatchAsync();

        Assert.Equal(Block(h.BatchTime(0), "1", "2", "3"), h.Output.ToString());
    }

    [Fact]
    public async Task Print_RecordsEqualToCount_PrintsAllRecordsWithoutEllipsis()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1, 2, 3]).Print(3);
        h.Context.Start();

        await h.RunBatchAsync();

        Assert.Equal(Block(h.BatchTime(0), "1", "2", "3"), h.Output.ToString());
    }

    [Fact]
    public async Task Print_MoreRecordsThanCount_PrintsFirstRecordsThenEllipsis()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1, 2, 3, 4, 5]).Print(3);
        h.Context.Start();

        await h.RunBatchAsync();

        Assert.Equal(Block(h.BatchTime(0), "1", "2", "3", "..."), h.Output.ToString());
    }

    [Fact]
    public async Task Print_EmptyBatch_PrintsHeaderAndEmptyLine()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>().Print(3);
        h.Context.Start();

        await h.RunBatchAsync();

        Assert.Equal($"{Dashes}\nTime: {h.BatchTime(0).Milliseconds} ms\n{Dashes}\n\n", h.Output.ToString());
    }

    [Fact]
    public async Task Print_DefaultCount_PrintsTenRecordsThenEllipsis()
    {
        await using var h = new StreamingHarness();
        h.Queue(Enumerable.Range(1, 12)).Print();
        h.Context.Start();

        await h.RunBatchAsync();

        Assert.Equal(Block(h.BatchTime(0), [.. Enumerable.Range(1, 10).Select(i => i.ToString()), "..."]), h.Output.ToString());
    }

    [Fact]
    public async Task Print_CountZero_PrintsOnlyEllipsisForNonEmptyBatch()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1], []).Print(0);
        h.Context.Start();

        await h.RunBatchesAsync(2);

        Assert.Equal(Block(h.BatchTime(0), "...") + Block(h.BatchTime(1)), h.Output.ToString());
    }

    [Fact]
    public async Task Print_CountIntMaxValue_PrintsAllRecords()
    {
        await using var h = new StreamingHarness();
        h.Queue<int>([1, 2]).Print(int.MaxValue);
        h.Context.Start();

        var batch = await h.RunBatchAsync();

        Assert.Null(batch.OutputOperationInfos[0].FailureReason);
        Assert.Equal(Block(h.BatchTime(0), "1", "2"), h.Output.ToString());
    }

    [Fact]
    public async Task Print_SeveralBatches_OneBlockPerBatchInBatchOrder()
    {
        await using var h = new StreamingHarness();
        h.Queue<string>(["a", "b"], [], ["c"]).Print(1);
        h.Context.Start();

        await h.RunBatchesAsync(3);

        Assert.Equal(
            Block(h.BatchTime(0), "a", "...") + Block(h.BatchTime(1)) + Block(h.BatchTime(2), "c"),
            h.Output.ToString());
    }

    [Fact]
    public async Task Print_NullRecordsAndPairs_PrintedWithToStringAndNullAsNull()
    {
        await using var h = new StreamingHarness();
        h.Queue<string?>(["x", null]).Print();
        h.Queue<(string, int)>([("a", 1)]).Print();
        h.Context.Start();

        await h.RunBatchAsync();

        Assert.Equal(Block(h.BatchTime(0), "x", "null") + Block(h.BatchTime(0), "(a, 1)"), h.Output.ToString());
    }

    [Fact]
    public async Task Print_NegativeCount_ThrowsArgumentOutOfRange()
    {
        await using var h = new StreamingHarness();
        var input = h.Queue<int>([1]);

        Assert.Throws<ArgumentOutOfRangeException>(() => input.Print(-1));
    }

    /// <summary>Spark's print block: dashes, <c>Time: &lt;ms&gt; ms</c>, dashes, one line per item, an empty line.</summary>
    private static string Block(Time time, params string[] lines) =>
        $"{Dashes}\nTime: {time.Milliseconds} ms\n{Dashes}\n" + string.Concat(lines.Select(line => line + "\n")) + "\n";
}

using Ember.Serialization;
using Ember.Streaming.Receivers;
using Ember.Streaming.Receivers.WriteAheadLog;
using Ember.Streaming.Tests.Output;
using Ember.Streaming.Tests.WriteAheadLog;
using Microsoft.Extensions.Time.Testing;

namespace Ember.Streaming.Tests.Receivers;

/// <summary>
/// A receiver's records on their way to a batch: cut every block interval, stored through the handler, taken in
/// stored order; what a stop and a disk fault do to them.
/// </summary>
public sealed class ReceivedBlocksTests : IDisposable
{
    private static readonly TimeSpan BlockInterval = TimeSpan.FromMilliseconds(200);
    private static readonly ISerializer Serializer = MessagePackEmberSerializer.Default;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly TempDirectory temp = new();
    private readonly List<(string Message, Exception Error)> reported = [];
    private readonly ReceivedBlocks<string> blocks;
    private ReceivedBlockLog<string>? log;

    public ReceivedBlocksTests() => blocks = new ReceivedBlocks<string>(clock, BlockInterval, (message, error) => reported.Add((message, error)));

    private string LogDirectory => Path.Combine(temp.Path, "receivedData", "stream");

    public void Dispose()
    {
        log?.Close();
        temp.Dispose();
    }

    [Fact]
    public void TryAdd_BeforeStart_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => blocks.TryAdd("early"));
        Assert.Throws<InvalidOperationException>(() => blocks.TryAddBlock(["early"], null));
    }

    [Fact]
    public void TakeAll_RecordsOneByOneThenABlock_CutAtTheIntervalAndTakenInStoredOrder()
    {
        blocks.Start();
        blocks.TryAdd("a");
        clock.Advance(BlockInterval);
        blocks.TryAdd("b");
        blocks.TryAddBlock(["c", "d"], new SourcePosition("src", 4));
        blocks.TryAdd("e");

        var taken = blocks.TakeAll();

        Assert.Equal([["a"], ["b"], ["c", "d"], ["e"]], taken.Select(block => block.Records));
        Assert.Equal(new SourcePosition("src", 4), blocks.LastMetadata?.Value);
        Assert.False(blocks.HasPendingData);
        Assert.Empty(blocks.TakeAll());
    }

    [Fact]
    public void Stop_CutsTheLastBlockAndDropsLaterRecords()
    {
        blocks.Start();
        blocks.TryAdd("last");

        blocks.Stop();

        Assert.True(blocks.HasPendingData);
        Assert.False(blocks.TryAdd("late"));
        Assert.False(blocks.TryAddBlock(["late"], new SourcePosition("src", 9)));
        Assert.Null(blocks.LastMetadata);
        Assert.Equal([["last"]], blocks.TakeAll().Select(block => block.Records));
    }

    [Fact]
    public void Cut_BlockCannotBeLogged_ReportedAndItsRecordsWaitForTheNextCut()
    {
        BlockTheLogDirectory();
        blocks.Start();
        blocks.TryAdd("a");
        blocks.TryAdd("b");

        clock.Advance(BlockInterval);

        var (message, error) = Assert.Single(reported);
        Assert.Contains("write-ahead log", message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error);
        Assert.True(blocks.HasPendingData);
        File.Delete(LogDirectory);
        blocks.TryAdd("c");
        clock.Advance(BlockInterval);
        var block = Assert.Single(blocks.TakeAll());
        Assert.Equal(["a", "b", "c"], block.Records);
        Assert.Equal(["a", "b", "c"], Assert.Single(LogFiles.Records(LogDirectory)).Records);
    }

    [Fact]
    public void TryAddBlock_BlockCannotBeLogged_ThrowsAndStoresNothing()
    {
        BlockTheLogDirectory();
        blocks.Start();

        Assert.ThrowsAny<IOException>(() => blocks.TryAddBlock(["chunk"], new SourcePosition("src", 1)));

        Assert.Null(blocks.LastMetadata);
        Assert.False(blocks.HasPendingData);
        Assert.Empty(blocks.TakeAll());
    }

    [Fact]
    public void UseLog_BlocksLoggedByAnEarlierRun_GoToTheNextBatchAheadOfNewOnesWithTheirMetadata()
    {
        var earlier = LogFiles.OpenForAppends(LogDirectory);
        earlier.Append(["logged before"], new SourcePosition("src", 3), clock.GetUtcNow());
        earlier.Close();
        log = LogFiles.Create(LogDirectory);
        var found = log.Recover(_ => true);
        blocks.UseLog(log, found.Blocks.Values.OrderBy(block => block.Sequence), found.LastMetadata);
        blocks.Start();

        blocks.TryAddBlock(["new"], null);

        var taken = blocks.TakeAll();
        Assert.Equal([["logged before"], ["new"]], taken.Select(block => block.Records));
        Assert.Equal([0L, 1L], taken.Select(block => block.Sequence));
        Assert.Equal(new SourcePosition("src", 3), blocks.LastMetadata!.As<SourcePosition>(Serializer));
        Assert.Throws<InvalidOperationException>(() => blocks.UseLog(log, [], null));
    }

    /// <summary>Logs blocks in a directory that cannot be created (a file is in its place) until the test deletes that file.</summary>
    private void BlockTheLogDirectory()
    {
        LogFiles.BlockDirectory(LogDirectory);
        log = LogFiles.OpenForAppends(LogDirectory);
        blocks.UseLog(log, [], null);
    }
}

using Ember.Streaming.Receivers;
using Ember.Streaming.Receivers.WriteAheadLog;
using Ember.Streaming.Tests.Output;
using Ember.Streaming.Tests.Receivers;

namespace Ember.Streaming.Tests.WriteAheadLog;

/// <summary>The contract for blocks appended to a stream's write-ahead log, and what a disk fault does to a block.</summary>
public sealed class WriteAheadLogBlockHandlerTests : ReceivedBlockHandlerContractTests
{
    private readonly TempDirectory temp = new();
    private readonly List<ReceivedBlockLog<string>> logs = [];

    public WriteAheadLogBlockHandlerTests() => Handler = new WriteAheadLogBlockHandler<string>(Keep(LogFiles.OpenForAppends(LogDirectory)));

    private protected override IReceivedBlockHandler<string> Handler { get; }

    private protected override bool OutlivesTheProcess => true;

    private string LogDirectory => Path.Combine(temp.Path, "receivedData", "stream");

    private protected override IReadOnlyDictionary<long, Block<string>> ReadBackAfterRestart() => Keep(LogFiles.Create(LogDirectory)).Recover(_ => true).Blocks;

    public override void Dispose()
    {
        foreach (var log in logs)
        {
            log.Close();
        }
        temp.Dispose();
        base.Dispose();
    }

    [Fact]
    public void StoreBlock_LogDirectoryCannotBeCreated_ThrowsAndTheNextBlockAfterTheFaultIsLogged()
    {
        LogFiles.BlockDirectory(LogDirectory);

        Assert.ThrowsAny<IOException>(() => Handler.StoreBlock(["lost"], new SourcePosition("src", 1), Now));
        File.Delete(LogDirectory);
        var kept = Handler.StoreBlock(["kept"], new SourcePosition("src", 2), Now);

        var readBack = Assert.Single(ReadBackAfterRestart());
        Assert.Equal(kept.Sequence, readBack.Key);
        Assert.Equal(["kept"], readBack.Value.Records);
    }

    [Fact]
    public void StoreBlock_AfterARestart_NumbersFollowTheBlocksLoggedBefore()
    {
        var before = Handler.StoreBlock(["a"], null, Now);

        var after = new WriteAheadLogBlockHandler<string>(Keep(LogFiles.OpenForAppends(LogDirectory))).StoreBlock(["b"], null, Now);

        Assert.True(after.Sequence > before.Sequence, $"{after.Sequence} follows {before.Sequence}");
        Assert.Equal([["a"], ["b"]], ReadBackAfterRestart().OrderBy(pair => pair.Key).Select(pair => pair.Value.Records));
    }

    /// <summary>Closes <paramref name="log"/> with the test.</summary>
    private ReceivedBlockLog<string> Keep(ReceivedBlockLog<string> log)
    {
        logs.Add(log);
        return log;
    }
}

using System.Text.Json.Nodes;
using Ember.Serialization;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.Receivers;
using Ember.Streaming.Sources;
using Ember.Streaming.Sources.Files;

namespace Ember.Streaming.Tests.Sources;

/// <summary>The one ledger every source keeps its batches in: what it remembers, forgets, saves and restores.</summary>
public sealed class AllocationLedgerTests
{
    private static readonly Time T1 = new(1000), T2 = new(2000), T3 = new(3000), T4 = new(4000);

    [Fact]
    public void Get_MissingBatch_ThrowsNamingTheStreamAndTheTime()
    {
        var ledger = new AllocationLedger<string>("orders stream 3");
        ledger.Add(T2, "b", completed: false);

        var never = Assert.Throws<InvalidOperationException>(() => ledger.Get(T3));
        var forgotten = Assert.Throws<InvalidOperationException>(() => ledger.Get(T1));

        Assert.Contains("orders stream 3", never.Message, StringComparison.Ordinal);
        Assert.Contains(T3.ToString(), never.Message, StringComparison.Ordinal);
        Assert.Contains("forgotten", forgotten.Message, StringComparison.Ordinal);
        Assert.Contains(T1.ToString(), forgotten.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forget_BatchNotCompleted_StaysForAReplay()
    {
        var ledger = new AllocationLedger<string>("s");
        ledger.Add(T1, "a", completed: false);
        ledger.Add(T2, "b", completed: false);
        Assert.True(ledger.Complete(T2, out var completed));
        Assert.False(ledger.Complete(T2, out _));

        var forgotten = ledger.Forget(T2);

        Assert.Equal("b", completed);
        Assert.Equal([(T2, "b")], forgotten);
        Assert.Equal("a", ledger.Get(T1));
    }

    [Fact]
    public void Add_TimeNotAfterTheLast_Throws()
    {
        var ledger = new AllocationLedger<string>("s");
        ledger.Add(T2, "b", completed: false);

        Assert.Throws<InvalidOperationException>(() => ledger.Add(T1, "a", completed: false));
    }

    [Fact]
    public void SaveAndRestore_FileBatches_RoundTripAsTypedJson()
    {
        var batch = new FileBatch([new ListedFile("/data/in/a.txt", 42, new DateTime(2026, 12, 1, 10, 0, 0, 123, DateTimeKind.Utc))]);
        var saved = new AllocationLedger<FileBatch>("files");
        saved.Add(T1, batch, completed: false);
        saved.Add(T2, new FileBatch([]), completed: false);

        var json = JsonNode.Parse(saved.Save(new JsonObject { ["IgnoreThresholdMs"] = 7 }).ToJsonString())!;
        var restored = new AllocationLedger<FileBatch>("files");
        var (allocations, position) = restored.Restore(json);

        Assert.Equal("/data/in/a.txt", json["Batches"]![0]!["Allocation"]!["Files"]![0]!["Path"]!.GetValue<string>());
        Assert.Equal([T1, T2], allocations.Select(entry => entry.Time));
        Assert.Equal(batch.Files, restored.Get(T1).Files);
        Assert.Empty(restored.Get(T2).Files);
        Assert.Equal(T2, restored.Last);
        Assert.Equal(7, position!["IgnoreThresholdMs"]!.GetValue<int>());
    }

    [Fact]
    public void SaveAndRestore_ReceivedBlocks_RoundTrip()
    {
        var blocks = new ReceivedBlockIds([new ReceivedBlockId(5, 100), new ReceivedBlockId(6, 3)]);
        var saved = new AllocationLedger<ReceivedBlockIds>("receiver");
        saved.Add(T1, blocks, completed: true);

        var restored = new AllocationLedger<ReceivedBlockIds>("receiver");
        restored.Restore(saved.Save(null));

        Assert.Equal(blocks.Blocks, restored.Get(T1).Blocks);
    }

    [Fact]
    public void Restore_BatchesNotReplayed_ForgottenAfterTheFirstNewBatch_ReplayedOnesOnlyOnceCompleted()
    {
        var saved = new AllocationLedger<string>("s");
        saved.Add(T1, "a", completed: true);
        saved.Add(T2, "b", completed: false);
        var ledger = new AllocationLedger<string>("s");
        ledger.Restore(saved.Save(null));

        ledger.Replaying(T2);
        ledger.Add(T3, "c", completed: false);
        var forgotten = ledger.Forget(T3);

        Assert.Equal([(T1, "a")], forgotten);
        Assert.Equal("b", ledger.Get(T2));
        Assert.True(ledger.Complete(T2, out _));
        Assert.Equal([(T2, "b")], ledger.Forget(T4));
    }

    [Fact]
    public void Restore_DamagedJson_IsACorruptCheckpointNamingTheStream()
    {
        var ledger = new AllocationLedger<FileBatch>("files stream 1");

        var error = Assert.Throws<CheckpointCorruptException>(() =>
            ledger.Restore(JsonNode.Parse("""{"Format":1,"LastMs":1000,"Batches":[{"TimeMs":1000}],"Position":null}""")!));

        Assert.Contains("files stream 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInAllocations_ThroughTheContextSerializer_RoundTrip()
    {
        var serializer = MessagePackEmberSerializer.Default;
        var files = new FileBatch([new ListedFile("/in/a", 1, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc))]);
        var blocks = new ReceivedBlockIds([new ReceivedBlockId(1, 2)]);

        Assert.Equal(files.Files, serializer.Deserialize<FileBatch>(serializer.Serialize(files)).Files);
        Assert.Equal(blocks.Blocks, serializer.Deserialize<ReceivedBlockIds>(serializer.Serialize(blocks)).Blocks);
    }
}

using Ember.Serialization;
using Ember.Streaming.Receivers;
using Ember.Streaming.Tests.WriteAheadLog;

namespace Ember.Streaming.Tests.Receivers;

/// <summary>
/// What every <see cref="IReceivedBlockHandler{T}"/> promises the receiver's block path: a stored block holds the
/// records in order and the metadata object it was stored with; a handler whose blocks outlive the process numbers
/// them in stored order, and a restart reads back exactly the numbered blocks, metadata included. One derived class
/// per implementation.
/// </summary>
public abstract class ReceivedBlockHandlerContractTests : IDisposable
{
    private protected static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private protected static ISerializer Serializer => MessagePackEmberSerializer.Default;

    /// <summary>The handler under test, fresh for each test.</summary>
    private protected abstract IReceivedBlockHandler<string> Handler { get; }

    /// <summary>True when stored blocks survive the process (a restart can give them to a batch again).</summary>
    private protected abstract bool OutlivesTheProcess { get; }

    /// <summary>What a new process reads back of what <see cref="Handler"/> stored, by block number.</summary>
    private protected abstract IReadOnlyDictionary<long, Block<string>> ReadBackAfterRestart();

    public virtual void Dispose() => GC.SuppressFinalize(this);

    [Fact]
    public void StoreBlock_Records_BlockHoldsThemInStoredOrder()
    {
        var block = Handler.StoreBlock(["b", "a", "c", "a"], null, Now);

        Assert.Equal(["b", "a", "c", "a"], block.Records);
    }

    [Fact]
    public void StoreBlock_WithMetadata_BlockCarriesTheObjectStored()
    {
        var position = new SourcePosition("src", 7);

        var block = Handler.StoreBlock(["a"], position, Now);

        Assert.Same(position, block.Metadata);
    }

    [Fact]
    public void StoreBlock_WithoutMetadata_BlockHasNone()
    {
        var block = Handler.StoreBlock(["a"], null, Now);

        Assert.Null(block.Metadata);
        Assert.Null(block.SerializedMetadata);
    }

    [Fact]
    public void StoreBlock_SeveralBlocks_NumberedInStoredOrderExactlyWhenTheyOutliveTheProcess()
    {
        var sequences = Enumerable.Range(0, 4).Select(i => Handler.StoreBlock([$"r{i}"], null, Now + TimeSpan.FromSeconds(i)).Sequence).ToList();

        if (OutlivesTheProcess)
        {
            var numbers = sequences.Select(sequence => Assert.NotNull(sequence)).ToList();
            Assert.True(numbers.Zip(numbers.Skip(1)).All(pair => pair.First < pair.Second), $"Not growing: {string.Join(", ", numbers)}");
        }
        else
        {
            Assert.All(sequences, sequence => Assert.Null(sequence));
        }
    }

    [Fact]
    public void StoreBlock_ThenRestart_ExactlyTheNumberedBlocksAreReadBackWithTheirRecordsAndMetadata()
    {
        Block<string>[] stored =
        [
            Handler.StoreBlock(["a", "b"], new SourcePosition("src", 1), Now),
            Handler.StoreBlock(["c"], null, Now),
            Handler.StoreBlock(["d"], new SourcePosition("src", 2), Now),
        ];

        var readBack = ReadBackAfterRestart();

        var numbered = stored.Where(block => block.Sequence is not null).ToList();
        Assert.Equal(OutlivesTheProcess ? stored.Length : 0, numbered.Count);
        Assert.Equal(numbered.Select(block => block.Sequence!.Value).Order(), readBack.Keys.Order());
        foreach (var block in numbered)
        {
            var restored = readBack[block.Sequence!.Value];
            Assert.Equal(block.Records, restored.Records);
            Assert.Equal(block.Metadata, restored.SerializedMetadata is { } bytes ? Serializer.Deserialize<SourcePosition>(bytes) : null);
        }
    }
}

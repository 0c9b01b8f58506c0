using Ember.Shuffle;

namespace Ember.Tests.Shuffle;

/// <summary>
/// Map outputs in one process: kept as pooled buckets that every read sees until the shuffle is removed, then given
/// back; a removed output reads as missing, so the scheduler recomputes it.
/// </summary>
public sealed class LocalShuffleStoreTests
{
    [Fact]
    public void Read_TwiceBeforeRemoval_SameRecordsBothTimes()
    {
        var store = new LocalShuffleStore();
        store.CommitMapOutput(0, 0, Buckets((1, "a"), (2, "b")));
        store.CommitMapOutput(0, 1, Buckets((3, "c")));

        Assert.Equal([(1, "a"), (2, "b"), (3, "c")], store.Read<(int, string)>(0, 0, 2));
        Assert.Equal([(1, "a"), (2, "b"), (3, "c")], store.Read<(int, string)>(0, 0, 2));
    }

    [Fact]
    public void RemoveShuffle_PooledBuckets_AreGivenBackAndReadAsMissing()
    {
        var store = new LocalShuffleStore();
        var buckets = Buckets((1, "a"));
        store.CommitMapOutput(4, 0, buckets);

        store.RemoveShuffle(4);

        Assert.Empty(buckets[0]);
        Assert.Equal([0], store.MissingMapOutputs(4, 1));
        var missing = Assert.Throws<ShuffleOutputMissingException>(() => store.Read<(int, string)>(4, 0, 1).ToList());
        Assert.Equal(0, missing.MapId);
    }

    [Fact]
    public void RemoveShuffle_OtherShuffle_KeepsItsBuckets()
    {
        var store = new LocalShuffleStore();
        var kept = Buckets((1, "a"));
        store.CommitMapOutput(1, 0, kept);
        store.CommitMapOutput(2, 0, Buckets((2, "b")));

        store.RemoveShuffle(2);

        Assert.Equal([(1, "a")], store.Read<(int, string)>(1, 0, 1));
    }

    private static ShuffleBucket<(int, string)>[] Buckets(params (int, string)[] records)
    {
        var buckets = ShuffleBuckets.Create<(int, string)>(1, records.Length);
        foreach (var record in records)
        {
            buckets[0].Add(record);
        }
        return buckets;
    }
}

using Ember.Serialization;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.State;

namespace Ember.Streaming.Tests.State;

/// <summary>
/// MapWithState snapshot part files: written as columns (keys, states, times when a timeout keeps them), counted by
/// keys, and read back in either that format or the earlier one record per key, so older checkpoints still restore.
/// </summary>
public sealed class StateColumnsTests : IDisposable
{
    private static readonly Time T1 = new(1000);
    private static readonly Time T2 = new(2000);
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ember-state-columns-{Guid.NewGuid():N}");
    private readonly ISerializer serializer = MessagePackEmberSerializer.Default;

    [Fact]
    public void Read_PartWrittenAsRecordsPerKey_ReadsTheRecords()
    {
        (string Key, (int State, long UpdatedMs) Value)[] records = [("a", (1, 1000)), ("b", (2, 2000))];
        var files = Committed(files => files.Write(0, records));

        Assert.Equal(records, StateColumns<string, int>.Read(files, 0));
    }

    [Fact]
    public void ToColumns_WithTimes_RoundTripsEveryKeyWithItsOwnTime()
    {
        var map = StateMap<string, int>.Of([("a", 1, T1), ("b", 2, T1)]).NewDelta();
        map.Set("b", 20, T2);
        map.Set("c", 3, T2);
        map.Remove("a");
        var columns = map.ToColumns();
        var files = Committed(files => files.Write(0, new[] { columns }, columns.Keys.Length), out var recordsWritten);

        Assert.Equal(2, recordsWritten);
        Assert.Equal([("b", (20, 2000L)), ("c", (3, 2000L))], StateColumns<string, int>.Read(files, 0).OrderBy(record => record.Key));
    }

    [Fact]
    public void ToColumns_WithoutTimes_ReportsTheLatestWriteForEveryKey()
    {
        var map = StateMap<long, long>.Of([(1L, 10L, T1), (2L, 20L, T1)], tracksTimes: false).NewDelta();
        map.Set(3, 30, T2);
        var columns = map.ToColumns();

        Assert.Null(columns.UpdatedMs);
        var files = Committed(files => files.Write(0, new[] { columns }, columns.Keys.Length));
        Assert.Equal([(1L, (10L, 2000L)), (2L, (20L, 2000L)), (3L, (30L, 2000L))], StateColumns<long, long>.Read(files, 0).OrderBy(record => record.Key));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private StateFiles Committed(Func<StateFiles, PartEntry> write) => Committed(write, out _);

    private StateFiles Committed(Func<StateFiles, PartEntry> write, out long recordsWritten)
    {
        var storage = new SharedDirectoryStorage(root);
        var writing = new StateFiles(storage, "state/totals/1000", serializer);
        var committed = writing.Commit([write(writing)]);
        recordsWritten = writing.RecordsWritten;
        return new StateFiles(storage, "state/totals/1000", serializer, committed);
    }
}

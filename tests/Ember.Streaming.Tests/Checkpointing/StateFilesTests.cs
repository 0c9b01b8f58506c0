using Ember.Serialization;
using Ember.Streaming.Checkpointing;

namespace Ember.Streaming.Tests.Checkpointing;

/// <summary>
/// A snapshot's part files in the shared-directory checkpoint store: tasks write under temporary names of their own,
/// the driver commits them, and only committed, intact files are read.
/// </summary>
public sealed class StateFilesTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ember-state-files-{Guid.NewGuid():N}");
    private readonly ISerializer serializer = MessagePackEmberSerializer.Default;

    [Fact]
    public void Write_TwoAttemptsAtOnePartition_EachWritesItsOwnTemporaryFileAndTheCommittedOneIsRead()
    {
        var storage = new SharedDirectoryStorage(root);
        var writing = new StateFiles(storage, "state/totals/1000.tmp-x", serializer);
        var late = writing.Write(0, new[] { ("a", 1) });
        var winner = writing.Write(0, new[] { ("a", 2), ("b", 3) });

        Assert.NotEqual(late.File, winner.File);
        Assert.DoesNotContain(storage.Files(writing.Directory), name => name == "part-00000");
        var committed = writing.Commit([winner]);

        Assert.Equal("part-00000", Assert.Single(committed).File);
        Assert.Equal(2, committed[0].Records);
        Assert.Equal(2, writing.RecordsWritten);
        storage.Rename(writing.Directory, "state/totals/1000");
        var reading = new StateFiles(storage, "state/totals/1000", serializer, committed);
        Assert.Equal([("a", 2), ("b", 3)], reading.Read<(string, int)>(0));
    }

    [Fact]
    public void Read_CommittedFileAlteredAfterward_ThrowsCheckpointCorruptNamingTheFile()
    {
        var storage = new SharedDirectoryStorage(root);
        var files = new StateFiles(storage, "state/totals/2000", serializer);
        var committed = files.Commit([files.Write(0, new[] { ("a", 1) })]);
        File.WriteAllBytes(Path.Combine(root, "state/totals/2000/part-00000"), [1, 2, 3]);

        var error = Assert.Throws<CheckpointCorruptException>(() => new StateFiles(storage, "state/totals/2000", serializer, committed).Read<(string, int)>(0));

        Assert.Contains("part-00000", error.Message);
    }

    [Fact]
    public void WriteAtomically_ExistingFile_IsReplacedWholeAndLeavesNoTemporaryFile()
    {
        var storage = new SharedDirectoryStorage(root);
        storage.WriteAtomically("checkpoint-1.json", "old"u8);
        storage.WriteAtomically("checkpoint-1.json", "new"u8);

        Assert.Equal("new"u8.ToArray(), storage.Read("checkpoint-1.json"));
        Assert.Equal(["checkpoint-1.json"], storage.Files(""));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }
}

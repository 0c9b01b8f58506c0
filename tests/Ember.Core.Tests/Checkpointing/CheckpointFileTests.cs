using Ember.Partitioning;
using Ember.Scheduling;
using Ember.Tests.IO;
using Ember.Tests.Operators;

namespace Ember.Tests.Checkpointing;

/// <summary>Reading reliable checkpoints back: <see cref="EmberContext.CheckpointFile{T}"/> and the checks on every part file.</summary>
public sealed class CheckpointFileTests : IDisposable
{
    private readonly TempDirectory root = new();
    private readonly EmberContext context = new(new EmberOptions { Master = "local[2]" });

    public CheckpointFileTests() => context.SetCheckpointDir(root.Path);

    public void Dispose()
    {
        context.Dispose();
        root.Dispose();
    }

    [Theory]
    [MemberData(nameof(RandomInputs.Shapes), MemberType = typeof(RandomInputs))]
    public async Task CheckpointFile_NewContext_ReadsBackTheSameRecordsAndPartitions(int count, int partitions)
    {
        var records = RandomInputs.Strings(RandomInputs.For(count, partitions), count)
            .Select((text, i) => new Reading(text, i * 0.5, [i, -i])).ToArray();
        string path;
        IReadOnlyList<IReadOnlyList<Reading>> written;
        using (var writer = new EmberContext(new EmberOptions { Master = "local[2]" }))
        {
            writer.SetCheckpointDir(root.Path);
            var rdd = writer.Parallelize(records, partitions).Checkpoint();
            written = await rdd.Glom().CollectAsync();
            path = rdd.GetCheckpointFile()!;
        }

        using var reader = new EmberContext(new EmberOptions { Master = "local[2]" });
        var restored = reader.CheckpointFile<Reading>(path);

        Assert.Equal(partitions, restored.Partitions.Count);
        Assert.Empty(restored.Dependencies);
        Assert.Null(restored.Partitioner);
        var read = await restored.Glom().CollectAsync();
        Assert.Equal(written.Select(part => part.Select(Describe)), read.Select(part => part.Select(Describe)));
    }

    [Fact]
    public async Task CollectAsync_CorruptedPartFile_FailsNamingFileAndPartition()
    {
        var rdd = context.Parallelize(Enumerable.Range(0, 1000), 2).Checkpoint();
        await rdd.CountAsync();
        var part = Path.Combine(rdd.GetCheckpointFile()!, "part-00001");
        var bytes = File.ReadAllBytes(part);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(part, bytes);

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        var cause = Assert.IsType<InvalidDataException>(error.InnerException);
        Assert.Contains($"'{part}' (partition 1)", cause.Message);
        Assert.Contains("checksum", cause.Message);
        Assert.Equal(Enumerable.Range(0, 500), await rdd.TakeAsync(500));
    }

    [Fact]
    public async Task CollectAsync_TruncatedPartFile_FailsNamingFileAndPartition()
    {
        var rdd = context.Parallelize(Enumerable.Range(0, 1000), 2).Checkpoint();
        await rdd.CountAsync();
        var part = Path.Combine(rdd.GetCheckpointFile()!, "part-00000");
        using (var stream = new FileStream(part, FileMode.Open))
        {
            stream.SetLength(stream.Length - 3);
        }

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.CollectAsync());

        Assert.Contains($"'{part}' (partition 0) is corrupt or truncated", Assert.IsType<InvalidDataException>(error.InnerException).Message);
    }

    [Fact]
    public async Task CheckpointFile_DirectoryWithoutMetadata_FailsAsIncomplete()
    {
        var rdd = context.Parallelize(Enumerable.Range(0, 10), 2).Checkpoint();
        await rdd.CountAsync();
        File.Delete(Path.Combine(rdd.GetCheckpointFile()!, "_metadata.json"));

        var error = Assert.Throws<InvalidDataException>(() => context.CheckpointFile<int>(rdd.GetCheckpointFile()!));

        Assert.Contains("not a complete RDD checkpoint", error.Message);
        Assert.Contains("_metadata.json", error.Message);
    }

    [Fact]
    public async Task CheckpointFile_MissingPartFile_FailsNamingIt()
    {
        var rdd = context.Parallelize(Enumerable.Range(0, 10), 3).Checkpoint();
        await rdd.CountAsync();
        var part = Path.Combine(rdd.GetCheckpointFile()!, "part-00002");
        File.Delete(part);

        var error = Assert.Throws<InvalidDataException>(() => context.CheckpointFile<int>(rdd.GetCheckpointFile()!));

        Assert.Contains($"'{part}' (partition 2 of 3) is missing", error.Message);
    }

    [Fact]
    public void CheckpointFile_MissingDirectory_FailsNamingIt()
    {
        var missing = root.Combine("nothing-here");

        var error = Assert.Throws<DirectoryNotFoundException>(() => context.CheckpointFile<int>(missing));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task CheckpointFile_PartitionerThatDidNotPlaceTheRecords_Refused()
    {
        var hashed = context.Parallelize(Enumerable.Range(0, 30).Select(i => (Key: i, Value: i)), 2).PartitionBy(new HashPartitioner(3)).Checkpoint();
        var plain = context.Parallelize(Enumerable.Range(0, 30).Select(i => (Key: i, Value: i)), 3).Checkpoint();
        await hashed.CountAsync();
        await plain.CountAsync();

        var wrongCount = Assert.Throws<ArgumentException>(() => context.CheckpointFile<(int Key, int Value)>(hashed.GetCheckpointFile()!, new HashPartitioner(4)));
        var unplaced = Assert.Throws<ArgumentException>(() => context.CheckpointFile<(int Key, int Value)>(plain.GetCheckpointFile()!, new HashPartitioner(3)));
        // The error names the caller's parameter.
        Assert.Equal("partitioner", wrongCount.ParamName);
        Assert.Equal("partitioner", unplaced.ParamName);
        Assert.Equal(new HashPartitioner(3), context.CheckpointFile<(int Key, int Value)>(hashed.GetCheckpointFile()!, new HashPartitioner(3)).Partitioner);
    }

    private static string Describe(Reading reading) => $"{reading.Sensor ?? "<null>"}|{reading.Value}|{string.Join(',', reading.Tags)}";

    /// <summary>A record class with a list, as user records are: written and read through the serializer.</summary>
    public sealed record Reading(string? Sensor, double Value, List<int> Tags);
}

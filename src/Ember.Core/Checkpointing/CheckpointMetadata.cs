using System.Text.Json;
using System.Text.Json.Serialization;
using Ember.IO;
using Ember.Partitioning;
using Ember.Serialization;

namespace Ember.Checkpointing;

/// <summary>
/// <c>_metadata.json</c> of a reliable checkpoint, written atomically after every part file: its presence is what makes
/// the checkpoint complete. It records the part count and the partitioner (Spark keeps the latter in <c>_partitioner</c>);
/// only a <see cref="HashPartitioner"/> can be rebuilt from it, other partitioners are named for people to read.
/// </summary>
internal sealed record CheckpointMetadata(int Format, int Partitions, long Records, string RecordType, int? HashPartitions, string? Partitioner)
{
    public const string FileName = "_metadata.json";
    public const int CurrentFormat = 1;

    public static CheckpointMetadata Describe<T>(Rdd<T> rdd, long records) =>
        new(CurrentFormat, rdd.Partitions.Count, records, TypeNames.ToCSharp(typeof(T)),
            (rdd.Partitioner as HashPartitioner)?.NumPartitions, rdd.Partitioner?.ToString());

    /// <summary>The partitioner that placed the records, when it can be rebuilt in any process.</summary>
    [JsonIgnore]
    public IPartitioner? RecordedPartitioner => HashPartitions is { } partitions ? new HashPartitioner(partitions) : null;

    public void Write(string directory) => AtomicFile.Write(Path.Combine(directory, FileName), stream => JsonSerializer.Serialize(stream, this, CheckpointMetadataJson.Default.CheckpointMetadata));

    /// <summary>Reads the metadata of <paramref name="directory"/>; a missing or unreadable file throws <see cref="InvalidDataException"/>.</summary>
    public static CheckpointMetadata Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"'{directory}' is not a complete RDD checkpoint: '{FileName}' is missing (its write never finished, or it is not a checkpoint).");
        }
        CheckpointMetadata? metadata;
        try
        {
            using var stream = File.OpenRead(path);
            metadata = JsonSerializer.Deserialize(stream, CheckpointMetadataJson.Default.CheckpointMetadata);
        }
        catch (JsonException error)
        {
            throw new InvalidDataException($"Checkpoint metadata '{path}' is unreadable: {error.Message}", error);
        }
        if (metadata is null || metadata.Format != CurrentFormat || metadata.Partitions < 0)
        {
            throw new InvalidDataException($"Checkpoint metadata '{path}' has format {metadata?.Format}; this version reads format {CurrentFormat}.");
        }
        return metadata;
    }
}

/// <summary>
/// Generated JSON code for the metadata: reflection-based System.Text.Json is off in trimmed and native-AOT builds
/// (and in <c>dotnet run app.cs</c> programs), where checkpoints must still work.
/// </summary>
[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(CheckpointMetadata))]
internal sealed partial class CheckpointMetadataJson : JsonSerializerContext;

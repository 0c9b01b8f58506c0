using System.Text;
using Ember.Scheduling;

namespace Ember.IO;

/// <summary>
/// Writes an RDD as a directory of <c>part-NNNNN</c> files, one per partition, atomically: every task writes into a
/// hidden temporary directory beside the target, and the directory is renamed into place only when all tasks
/// succeeded. A half-written output is never visible under the target name.
/// </summary>
internal static class PartitionedDirectoryWriter
{
    /// <summary>One line per record, <c>ToString()</c> (or "null"), UTF-8 without BOM, '\n' line ends.</summary>
    public static Task WriteTextAsync<T>(Rdd<T> rdd, string path, CancellationToken cancellationToken) =>
        WriteAsync("SaveAsTextFile", rdd, path, (stream, items) =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.NewLine = "\n";
            foreach (var item in items)
            {
                writer.WriteLine(item?.ToString() ?? "null");
            }
        }, cancellationToken);

    /// <summary>Each partition's records as one serialized array (read back by <see cref="EmberContext.ObjectFile{T}"/>).</summary>
    public static Task WriteObjectsAsync<T>(Rdd<T> rdd, string path, CancellationToken cancellationToken) =>
        WriteAsync("SaveAsObjectFile", rdd, path, (stream, items) => rdd.Context.Serializer.Serialize(stream, items.ToArray()), cancellationToken);

    private static async Task WriteAsync<T>(string action, Rdd<T> rdd, string path, Action<Stream, IEnumerable<T>> writePart, CancellationToken cancellationToken)
    {
        RunningTask.ThrowIfInside(action, rdd);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target) || File.Exists(target))
        {
            throw new IOException($"Output directory '{target}' already exists.");
        }
        var parent = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(parent);
        var temporary = Path.Combine(parent, $".{Path.GetFileName(target)}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temporary);
        try
        {
            await rdd.Context.RunActionAsync(action, rdd, (context, items) => WritePart(temporary, context, items, writePart), cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(temporary, "_SUCCESS"), [], cancellationToken).ConfigureAwait(false);
            Directory.Move(temporary, target);
        }
        catch
        {
            Directory.Delete(temporary, recursive: true);
            throw;
        }
    }

    private static bool WritePart<T>(string directory, TaskContext context, IEnumerable<T> items, Action<Stream, IEnumerable<T>> writePart)
    {
        var part = Path.Combine(directory, $"part-{context.PartitionId:D5}");
        // Each attempt writes a file of its own, so a retried task never appends to a failed attempt's output.
        var attempt = $"{part}.attempt-{context.AttemptNumber}";
        try
        {
            using (var stream = new FileStream(attempt, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                writePart(stream, items);
            }
            File.Move(attempt, part, overwrite: true);
        }
        catch
        {
            File.Delete(attempt);
            throw;
        }
        return true;
    }
}

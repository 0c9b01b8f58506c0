using System.Text;

namespace Ember.IO;

/// <summary>
/// Writes an RDD as a directory of <c>part-NNNNN</c> text files, atomically: every task writes into a hidden
/// temporary directory beside the target, and the directory is renamed into place only when all tasks succeeded.
/// A half-written output is never visible under the target name.
/// </summary>
internal static class TextFileWriter
{
    public static async Task WriteAsync<T>(Rdd<T> rdd, string path, CancellationToken cancellationToken)
    {
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
            await rdd.Context.RunJobAsync(rdd, (context, items) => WritePart(temporary, context, items), cancellationToken: cancellationToken)
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

    private static bool WritePart<T>(string directory, TaskContext context, IEnumerable<T> items)
    {
        var part = Path.Combine(directory, $"part-{context.PartitionId:D5}");
        // Each attempt writes a file of its own, so a retried task never appends to a failed attempt's output.
        var attempt = $"{part}.attempt-{context.AttemptNumber}";
        using (var writer = new StreamWriter(attempt, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
        {
            writer.NewLine = "\n";
            foreach (var item in items)
            {
                writer.WriteLine(item?.ToString() ?? "null");
            }
        }
        File.Move(attempt, part, overwrite: true);
        return true;
    }
}

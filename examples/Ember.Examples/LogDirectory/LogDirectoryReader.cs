using System.Text;
using Ember.Streaming.Sources;

namespace Ember.Examples.LogDirectory;

/// <summary>
/// The task side of <see cref="LogDirectoryStream"/>: one partition per file with new lines, which reads exactly its
/// byte range and yields its lines (UTF-8, without the line break). Holds the directory's path only, so it reads the
/// same lines for the same allocation on any process that sees the directory, as often as asked.
/// </summary>
/// <param name="directory">The log directory, as a full path.</param>
public sealed class LogDirectoryReader(string directory) : SourceReader<LogAllocation, string>
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The log directory, as a full path.</summary>
    public string Directory => directory;

    /// <inheritdoc />
    public override int PartitionCount(LogAllocation allocation)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        return allocation.NonEmpty().Count;
    }

    /// <inheritdoc />
    public override IEnumerable<string> Read(LogAllocation allocation, int partition, SourceReadContext context)
    {
        ArgumentNullException.ThrowIfNull(allocation);
        ArgumentNullException.ThrowIfNull(context);
        return ReadLines(allocation.NonEmpty()[partition], context.CancellationToken);
    }

    private IEnumerable<string> ReadLines(LogFileRange range, CancellationToken cancellationToken)
    {
        // Shared for writing and deleting: the writer keeps appending while a batch reads what it wrote before.
        using var file = new FileStream(Path.Combine(directory, range.File), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        file.Position = range.From;
        var remaining = range.Until - range.From;
        var buffer = new byte[(int)Math.Min(remaining, ChunkBytes)];
        using var line = new MemoryStream();
        while (remaining > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var read = file.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw new EndOfStreamException($"'{file.Name}' ends before offset {range.Until}: files of a log directory may only be appended to.");
            }
            remaining -= read;
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    line.Write(buffer, start, i - start);
                    yield return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
                    line.SetLength(0);
                    start = i + 1;
                }
            }
            // Bytes of a line that continues in the next chunk (a range always ends with a newline).
            line.Write(buffer, start, read - start);
        }
    }
}

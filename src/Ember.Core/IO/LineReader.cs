using System.Buffers;
using System.Text;

namespace Ember.IO;

/// <summary>
/// Reads the UTF-8 lines of a file that start in a byte range, Hadoop-style: a range owns every line whose first
/// byte lies in [start, end), reading past <c>end</c> to finish its last line, so ranges cut anywhere split a file
/// into disjoint, complete lines. Line ends are <c>\n</c> or <c>\r\n</c>.
/// </summary>
internal static class LineReader
{
    private const int BufferSize = 64 * 1024;

    public static IEnumerable<string> ReadLines(string path, long start, long end, CancellationToken cancellationToken)
    {
        if (start >= end)
        {
            yield break;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // A range that does not start the file begins after the first '\n' at or after start - 1: the line in
            // progress there belongs to the previous range.
            var position = start == 0 ? 0 : start - 1;
            stream.Position = position;
            var skipping = start != 0;
            var atFileStart = start == 0;
            var pending = new ArrayBufferWriter<byte>();
            var lineStart = position;
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var offset = 0;
                while (offset < read)
                {
                    var newline = Array.IndexOf(buffer, (byte)'\n', offset, read - offset);
                    if (newline < 0)
                    {
                        if (!skipping)
                        {
                            pending.Write(buffer.AsSpan(offset, read - offset));
                        }
                        break;
                    }
                    if (skipping)
                    {
                        skipping = false;
                    }
                    else
                    {
                        pending.Write(buffer.AsSpan(offset, newline - offset));
                        yield return Decode(pending, atFileStart);
                        atFileStart = false;
                    }
                    offset = newline + 1;
                    lineStart = position + offset;
                    if (lineStart >= end)
                    {
                        yield break;
                    }
                }
                position += read;
            }
            if (!skipping && pending.WrittenCount > 0 && lineStart < end)
            {
                yield return Decode(pending, atFileStart);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Decode(ArrayBufferWriter<byte> pending, bool atFileStart)
    {
        var bytes = pending.WrittenSpan;
        if (atFileStart && bytes.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }
        var line = Encoding.UTF8.GetString(bytes);
        pending.ResetWrittenCount();
        return line;
    }
}

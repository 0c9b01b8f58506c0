using System.Text;

namespace Ember.Streaming.Receivers;

/// <summary>The converter of <c>SocketTextStream</c>: UTF-8 text cut into lines.</summary>
internal static class SocketLines
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// The lines of <paramref name="stream"/>, read as they arrive: split on <c>'\n'</c>, one trailing <c>'\r'</c>
    /// removed, and a last line without a newline given at the end of the stream. Invalid UTF-8 becomes U+FFFD.
    /// </summary>
    public static IEnumerable<string> Read(Stream stream)
    {
        using var reader = new StreamReader(stream, Utf8, detectEncodingFromByteOrderMarks: false, bufferSize: 8192, leaveOpen: true);
        var buffer = new char[4096];
        var line = new StringBuilder();
        int read;
        // StreamReader.Read returns what the socket has so far rather than waiting to fill the buffer, so a line is
        // handed over as soon as its newline arrives.
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, '\n', start, read - start)) >= 0)
            {
                line.Append(buffer, start, newline - start);
                yield return Complete(line);
                start = newline + 1;
            }
            line.Append(buffer, start, read - start);
        }
        if (line.Length > 0)
        {
            yield return Complete(line);
        }
    }

    private static string Complete(StringBuilder line)
    {
        var length = line.Length > 0 && line[^1] == '\r' ? line.Length - 1 : line.Length;
        var text = line.ToString(0, length);
        line.Clear();
        return text;
    }
}

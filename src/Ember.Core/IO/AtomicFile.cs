namespace Ember.IO;

/// <summary>
/// Writes a file that appears under its name whole or not at all: the bytes go to a temporary file beside it, are
/// flushed to disk, and the temporary file is renamed over the target. A crash or an exception mid-write leaves
/// at most a hidden temporary file (deleted on an exception), never a torn file under the target name.
/// </summary>
internal static class AtomicFile
{
    private const int BufferSize = 64 * 1024;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which must not close the stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        // A name of its own for every writer: two attempts at one task never share a temporary file.
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

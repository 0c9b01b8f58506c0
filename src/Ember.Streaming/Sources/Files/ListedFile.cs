namespace Ember.Streaming.Sources.Files;

/// <summary>A file as a directory listing saw it: full path, length in bytes and last write time (UTC).</summary>
internal readonly record struct ListedFile(string Path, long Length, DateTime LastWriteUtc)
{
    /// <summary>The modification time in whole milliseconds, as the selection rule compares it (Spark's).</summary>
    public Time ModificationTime => Time.From(new DateTimeOffset(DateTime.SpecifyKind(LastWriteUtc, DateTimeKind.Utc)));
}

namespace Ember.Examples.LogDirectory;

/// <summary>
/// What one batch of a <see cref="LogDirectoryStream"/> reads: for every file of the directory, in ordinal order of
/// name, the bytes [<see cref="LogFileRange.From"/>, <see cref="LogFileRange.Until"/>), whole lines only. A file with
/// nothing new is listed too (From equals Until), so the latest allocation alone says where every file stands: that
/// is all a restart needs. Plain positional records: they round-trip through System.Text.Json (checkpoints) and
/// MessagePack (tasks), as the source contract requires.
/// </summary>
/// <param name="Files">One range per file of the directory.</param>
public sealed record LogAllocation(IReadOnlyList<LogFileRange> Files)
{
    /// <summary>The ranges that read at least one line, in file order: partition <c>k</c> of the batch reads the <c>k</c>-th.</summary>
    public IReadOnlyList<LogFileRange> NonEmpty() => [.. Files.Where(range => range.Until > range.From)];

    /// <summary>For people: <c>app.log[0..120) db.log[40..88)</c>, the files read only, or <c>nothing new</c>.</summary>
    public override string ToString()
    {
        var read = NonEmpty();
        return read.Count == 0 ? "nothing new" : string.Join(' ', read.Select(range => $"{range.File}[{range.From}..{range.Until})"));
    }
}

/// <summary>Bytes [<paramref name="From"/>, <paramref name="Until"/>) of the file named <paramref name="File"/> (a name inside the directory, not a path).</summary>
/// <param name="File">The file's name in the log directory.</param>
/// <param name="From">The offset of the first byte read: 0, or just after a newline.</param>
/// <param name="Until">The offset just after the last newline read; equal to <paramref name="From"/> when nothing is read.</param>
public sealed record LogFileRange(string File, long From, long Until);

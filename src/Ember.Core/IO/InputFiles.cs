namespace Ember.IO;

/// <summary>
/// The files an input path names: the file itself, or every visible file of a directory (names starting with '.' or
/// '_' are skipped, as Hadoop does) in name order. A missing path throws <see cref="FileNotFoundException"/> naming it.
/// </summary>
internal static class InputFiles
{
    public static IReadOnlyList<FileInfo> List(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [new FileInfo(Path.GetFullPath(path))];
        }
        if (Directory.Exists(path))
        {
            return [.. new DirectoryInfo(path).EnumerateFiles()
                .Where(file => !file.Name.StartsWith('.') && !file.Name.StartsWith('_'))
                .OrderBy(file => file.Name, StringComparer.Ordinal)];
        }
        throw new FileNotFoundException($"Input path '{path}' does not exist.", path);
    }

    /// <summary>A byte range of one file: the unit of work of file-reading RDDs.</summary>
    public sealed class Split(int index, string path, long start, long end) : Partition(index)
    {
        public string Path { get; } = path;

        public long Start { get; } = start;

        public long End { get; } = end;

        public override string ToString() => $"{Path}:{Start}+{End - Start}";
    }
}

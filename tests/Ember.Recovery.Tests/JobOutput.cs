using System.Globalization;

namespace Ember.Recovery.Tests;

/// <summary>
/// What a crash test reads of an example's results: the latest counts, and a mark that grows with every write, so a
/// test can tell results written by the last run from older ones.
/// </summary>
internal abstract class JobOutput
{
    public abstract long? NewestMark();

    public abstract IReadOnlyDictionary<string, long> Latest();

    /// <summary>The <c>counts-&lt;ms&gt;</c> directories of <c>SaveAsTextFiles</c>, one <c>(word, count)</c> line per word; the mark is the batch time.</summary>
    public static JobOutput CountDirectories(string output) => new CountDirectoriesOutput(output);

    /// <summary>A file of <c>id, value</c> lines replaced after every batch; the mark is its last write time.</summary>
    public static JobOutput ResultFile(string path) => new ResultFileOutput(path);

    private sealed class CountDirectoriesOutput(string output) : JobOutput
    {
        public override long? NewestMark() =>
            new DirectoryInfo(output).EnumerateDirectories("counts-*")
                .Select(directory => (long?)long.Parse(directory.Name["counts-".Length..], CultureInfo.InvariantCulture))
                .Max();

        public override IReadOnlyDictionary<string, long> Latest() =>
            NewestMark() is not { } newest
                ? new Dictionary<string, long>()
                : new DirectoryInfo(Path.Combine(output, $"counts-{newest}")).EnumerateFiles("part-*")
                    .SelectMany(file => File.ReadAllLines(file.FullName))
                    .Select(line => line.Trim('(', ')').Split(", "))
                    .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    private sealed class ResultFileOutput(string path) : JobOutput
    {
        public override long? NewestMark() => File.Exists(path) ? File.GetLastWriteTimeUtc(path).Ticks : null;

        // The file is replaced by a rename, so it is read whole or not at all.
        public override IReadOnlyDictionary<string, long> Latest() =>
            !File.Exists(path)
                ? new Dictionary<string, long>()
                : File.ReadAllLines(path).Select(line => line.Split(", ")).ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

using System.Globalization;

namespace Ember.Recovery.Tests;

/// <summary>
/// A crash test's temporary directories, deleted afterwards, and the reading of the job's output: the
/// <c>counts-&lt;ms&gt;</c> directories its <c>SaveAsTextFiles</c> writes, one <c>(word, count)</c> line per word.
/// </summary>
internal sealed class CrashWorkspace(string prefix) : IDisposable
{
    public static readonly string[] Vocabulary = ["ember", "spark", "stream", "batch", "state", "window", "key", "value"];

    private readonly string root = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    public string Dir(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The counts of the newest batch output newer than <paramref name="after"/>, once they reach the expected total (or the time runs out).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> WaitForCountsAsync(
        string output, Dictionary<string, long> expected, long? after, TimeSpan timeout)
    {
        var total = expected.Values.Sum();
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyDictionary<string, long> latest = new Dictionary<string, long>();
        while (DateTime.UtcNow < deadline)
        {
            latest = LatestCounts(output);
            if (NewestBatch(output) > after && latest.Values.Sum() >= total)
            {
                return latest;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        return latest;
    }

    public static long? NewestBatch(string output) =>
        new DirectoryInfo(output).EnumerateDirectories("counts-*")
            .Select(directory => (long?)long.Parse(directory.Name["counts-".Length..], CultureInfo.InvariantCulture))
            .Max();

    public static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The example did not start in time.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static IReadOnlyDictionary<string, long> LatestCounts(string output)
    {
        if (NewestBatch(output) is not { } newest)
        {
            return new Dictionary<string, long>();
        }
        return new DirectoryInfo(Path.Combine(output, $"counts-{newest}")).EnumerateFiles("part-*")
            .SelectMany(file => File.ReadAllLines(file.FullName))
            .Select(line => line.Trim('(', ')').Split(", "))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture));
    }
}

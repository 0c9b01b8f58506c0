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

    /// <summary>
    /// Kills the example with SIGKILL four times at random moments (crash points land anywhere: starting, recovering,
    /// generating, running or checkpointing a batch), restarting it each time; then, once <paramref name="feeding"/>
    /// ends, checks that the last run's counts equal <paramref name="expected"/> and that SIGTERM stops it with exit
    /// code 0. Disposes every process it ran.
    /// </summary>
    public static async Task CrashRepeatedlyThenVerifyAsync(
        ExampleProcess first, string[] arguments, Random random, int maxCrashDelayMs, Task feeding, string output,
        Dictionary<string, long> expected, TimeSpan countsTimeout, TimeSpan stopTimeout)
    {
        var process = first;
        try
        {
            for (var crash = 0; crash < 4; crash++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, maxCrashDelayMs)));
                Assert.False(process.HasExited, $"The example exited by itself before crash {crash} (exit code {(process.HasExited ? process.ExitCode : 0)}):\n{process.Output}");
                process.Kill();
                process.Dispose();
                process = ExampleProcess.Start(arguments);
            }
            var beforeLastStart = NewestBatch(output);
            await feeding;
            // Counts are read from a batch of the last run, so that run is up (and handles SIGTERM) when it is stopped.
            var final = await WaitForCountsAsync(output, expected, beforeLastStart, countsTimeout);
            Assert.Equal(expected.OrderBy(pair => pair.Key), final.OrderBy(pair => pair.Key));
            Assert.True(await process.TerminateAsync(stopTimeout), "SIGTERM did not stop the example gracefully.");
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            process.Dispose();
        }
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

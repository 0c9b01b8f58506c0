namespace Ember.Recovery.Tests;

/// <summary>
/// A crash test's temporary directories, deleted afterwards, and the loop that kills, restarts and finally checks
/// the job through its <see cref="JobOutput"/>.
/// </summary>
internal sealed class CrashWorkspace(string prefix) : IDisposable
{
    public static readonly string[] Vocabulary = ["ember", "spark", "stream", "batch", "state", "window", "key", "value"];

    private readonly string root = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");

    /// <summary>1 to <paramref name="max"/> - 1 words of <see cref="Vocabulary"/>, each also counted into <paramref name="expected"/>.</summary>
    public static List<string> RandomWords(Random random, int max, Dictionary<string, long> expected)
    {
        var words = Enumerable.Range(0, random.Next(1, max)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).ToList();
        foreach (var word in words)
        {
            expected[word] = expected.GetValueOrDefault(word) + 1;
        }
        return words;
    }

    public string Dir(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>The newest counts written after <paramref name="after"/>, once they reach the expected total (or the time runs out).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> WaitForCountsAsync(
        JobOutput output, Dictionary<string, long> expected, long? after, TimeSpan timeout)
    {
        var total = expected.Values.Sum();
        var deadline = DateTime.UtcNow + timeout;
        IReadOnlyDictionary<string, long> latest = new Dictionary<string, long>();
        while (DateTime.UtcNow < deadline)
        {
            latest = output.Latest();
            if (output.NewestMark() > after && latest.Values.Sum() >= total)
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
    /// code 0. Disposes every process it ran. Restarts with <paramref name="start"/> (default: the examples program).
    /// </summary>
    public static async Task CrashRepeatedlyThenVerifyAsync(
        ExampleProcess first, string[] arguments, Random random, int maxCrashDelayMs, Task feeding, JobOutput output,
        Dictionary<string, long> expected, TimeSpan countsTimeout, TimeSpan stopTimeout, Func<string[], ExampleProcess>? start = null)
    {
        start ??= ExampleProcess.Start;
        var process = first;
        try
        {
            for (var crash = 0; crash < 4; crash++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, maxCrashDelayMs)));
                Assert.False(process.HasExited, $"The example exited by itself before crash {crash} (exit code {(process.HasExited ? process.ExitCode : 0)}):\n{process.Output}");
                process.Kill();
                process.Dispose();
                process = start(arguments);
            }
            var beforeLastStart = output.NewestMark();
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

    /// <summary>
    /// <see cref="CrashRepeatedlyThenVerifyAsync"/>, once <paramref name="first"/> has counted records, so that the first
    /// kill lands mid-run rather than at start-up; then lets <paramref name="feeding"/> finish (bounded). Disposes every
    /// process it ran, even when it fails.
    /// </summary>
    public static async Task CrashMidRunRepeatedlyThenVerifyAsync(
        ExampleProcess first, string[] arguments, Random random, Task feeding, JobOutput output, Dictionary<string, long> expected,
        Func<string[], ExampleProcess>? start = null)
    {
        try
        {
            try
            {
                await WaitForAsync(() => output.Latest().Values.Sum() > 0 || first.HasExited, TimeSpan.FromSeconds(60));
            }
            catch
            {
                first.Dispose();
                throw;
            }
            await CrashRepeatedlyThenVerifyAsync(
                first, arguments, random, 1300, feeding, output, expected, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(15), start);
        }
        finally
        {
            await feeding.WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    public static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The example did not start in time.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}

namespace Ember.Recovery.Tests;

/// <summary>
/// Kills the RecoverableWordCount example with SIGKILL at random moments while files keep arriving, restarts it each
/// time, and checks that its final counts equal the true totals: nothing lost, nothing counted twice.
/// </summary>
public sealed class RecoverableWordCountCrashTests : IDisposable
{
    private static readonly string[] Vocabulary = ["ember", "spark", "stream", "batch", "state", "window", "key", "value"];
    private readonly string root = Path.Combine(Path.GetTempPath(), $"ember-crash-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(42)]
    public async Task RecoverableWordCount_KilledRepeatedlyWhileFilesArrive_FinalCountsEqualTrueTotals(int seed)
    {
        var random = new Random(seed);
        var (input, staging, checkpoint, output) = (Dir("input"), Dir("staging"), Dir("checkpoint"), Dir("output"));
        var expected = new Dictionary<string, long>();
        var files = Enumerable.Range(0, 24).Select(index =>
        {
            var words = Enumerable.Range(0, random.Next(1, 40)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]).ToList();
            foreach (var word in words)
            {
                expected[word] = expected.GetValueOrDefault(word) + 1;
            }
            return (Name: $"file-{index:D3}.txt", Text: string.Join('\n', words.Chunk(5).Select(line => string.Join(' ', line))));
        }).ToList();
        string[] arguments = ["recoverablewordcount", "--input", input, "--checkpoint", checkpoint, "--output", output, "--batch-interval", "200ms"];

        var process = ExampleProcess.Start(arguments);
        // A file stream ignores files that were there before the job first started (Spark's newFilesOnly): feed only
        // once the first run has written its initial checkpoint.
        await WaitForAsync(() => Directory.EnumerateFiles(checkpoint, "checkpoint-*.json").Any(), TimeSpan.FromSeconds(30));
        var feeding = Task.Run(async () =>
        {
            foreach (var (name, text) in files)
            {
                var staged = Path.Combine(staging, name);
                await File.WriteAllTextAsync(staged, text);
                File.Move(staged, Path.Combine(input, name));
                await Task.Delay(TimeSpan.FromMilliseconds(150));
            }
        });

        try
        {
            // Crash points land anywhere: while starting, recovering, generating, running or checkpointing a batch.
            for (var crash = 0; crash < 4; crash++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(300, 1500)));
                Assert.False(process.HasExited, $"The example exited by itself before crash {crash} (exit code {(process.HasExited ? process.ExitCode : 0)}).");
                process.Kill();
                process.Dispose();
                process = ExampleProcess.Start(arguments);
            }
            var beforeLastStart = NewestBatch(output);
            await feeding;
            // Counts are read from a batch of the last run, so that run is up (and handles SIGTERM) when it is stopped.
            var final = await WaitForCountsAsync(output, expected, beforeLastStart, TimeSpan.FromSeconds(60));
            Assert.Equal(expected.OrderBy(pair => pair.Key), final.OrderBy(pair => pair.Key));
            Assert.True(await process.TerminateAsync(TimeSpan.FromSeconds(30)), "SIGTERM did not stop the example gracefully.");
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            process.Dispose();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The example did not start in time.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private string Dir(string name) => Directory.CreateDirectory(Path.Combine(root, name)).FullName;

    /// <summary>The counts of the newest batch output, once they reach the expected total (or the time runs out).</summary>
    private static async Task<IReadOnlyDictionary<string, long>> WaitForCountsAsync(
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

    private static long? NewestBatch(string output) =>
        new DirectoryInfo(output).EnumerateDirectories("counts-*")
            .Select(directory => (long?)long.Parse(directory.Name["counts-".Length..], System.Globalization.CultureInfo.InvariantCulture))
            .Max();

    private static IReadOnlyDictionary<string, long> LatestCounts(string output)
    {
        if (NewestBatch(output) is not { } newest)
        {
            return new Dictionary<string, long>();
        }
        return new DirectoryInfo(Path.Combine(output, $"counts-{newest}")).EnumerateFiles("part-*")
            .SelectMany(file => File.ReadAllLines(file.FullName))
            .Select(line => line.Trim('(', ')').Split(", "))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }
}

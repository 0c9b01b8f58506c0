using System.Globalization;
using Ember.Streaming;
using Ember.Streaming.Testing;

namespace Ember.Examples.Tests;

/// <summary>
/// The RecoverableWordCount example's job, run batch by batch by the test kit's driver and restarted from its
/// checkpoint in the middle, as a killed process would be: its totals, and the counts it saves, equal those of a run
/// that was never restarted.
/// </summary>
public sealed class RecoverableWordCountTests : IDisposable
{
    private static readonly string[][] Lines =
    [
        ["to be or not to be"], ["that is the question"], [], ["to sleep", "perchance to dream"], ["be"], ["the question is"], ["to be"],
    ];

    private readonly string root = Path.Combine(Path.GetTempPath(), $"ember-recoverable-wordcount-{Guid.NewGuid():N}");

    [Fact]
    public async Task RecoverableWordCount_RestartedTwiceFromItsCheckpoint_TotalsAndSavedCountsEqualARunNeverRestarted()
    {
        var uninterrupted = await RunAsync("uninterrupted");
        var restarted = await RunAsync("restarted", restartBefore: [2, 5]);

        Assert.Equal(uninterrupted.Totals, restarted.Totals);
        Assert.Equal(uninterrupted.Saved, restarted.Saved);
        Assert.Equal(TrueCounts(Lines.SelectMany(batch => batch)), restarted.Saved);
    }

    [Fact]
    public async Task RecoverableWordCount_DownForTwoBatchesWhileLinesArrive_CatchesUpToTheTrueCounts()
    {
        var output = Path.Combine(root, "down");
        await using var driver = await StreamingTestDriver.StartAsync(job => job.Output("totals", RecoverableWordCount.Define(job.Input<string>("lines"), output)));
        var lines = driver.Input<string>("lines");
        lines.Push("a b");
        var before = await driver.AdvanceBatchAsync();

        lines.Push("b c");
        var recovered = await driver.RestartAsync(downtime: TimeSpan.FromSeconds(2));
        lines.Push("c");
        var after = await driver.AdvanceBatchAsync();

        Assert.Equal([before + TimeSpan.FromSeconds(1), before + TimeSpan.FromSeconds(2)], recovered.Where(time => time > before));
        var expected = TrueCounts(["a b", "b c", "c"]);
        Assert.Equal(expected, driver.Output<(string Key, long Count)>("totals").At(after).Records.ToDictionary(pair => pair.Key, pair => pair.Count));
        Assert.Equal(expected, SavedCounts(output, after));
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>
    /// Runs the job over <see cref="Lines"/>, one batch each, stopping it at once and recovering it from its checkpoint
    /// before each batch of <paramref name="restartBefore"/>. Returns each batch's totals, and the counts it saved last.
    /// </summary>
    private async Task<(IReadOnlyList<string> Totals, IReadOnlyDictionary<string, long> Saved)> RunAsync(string name, params int[] restartBefore)
    {
        var output = Path.Combine(root, name);
        await using var driver = await StreamingTestDriver.StartAsync(job => job.Output("totals", RecoverableWordCount.Define(job.Input<string>("lines"), output)));
        var lines = driver.Input<string>("lines");
        var last = default(Time);
        for (var batch = 0; batch < Lines.Length; batch++)
        {
            if (restartBefore.Contains(batch))
            {
                await driver.RestartAsync();
                Assert.True(driver.Context.IsRecovering);
            }
            lines.Push(Lines[batch]);
            last = await driver.AdvanceBatchAsync();
        }
        var totals = driver.Output<(string Key, long Count)>("totals").Batches
            .Select(batch => $"{batch.Time}: {string.Join(" ", batch.Records.Select(pair => $"{pair.Key}={pair.Count}").Order(StringComparer.Ordinal))}")
            .ToList();
        return (totals, SavedCounts(output, last));
    }

    /// <summary>The counts the job saved for the batch of <paramref name="time"/> (<c>counts-&lt;ms&gt;/part-*</c>, one <c>(word, count)</c> per line).</summary>
    private static Dictionary<string, long> SavedCounts(string output, Time time) =>
        new DirectoryInfo(Path.Combine(output, $"counts-{time.Milliseconds}")).EnumerateFiles("part-*")
            .SelectMany(file => File.ReadAllLines(file.FullName))
            .Select(line => line.Trim('(', ')').Split(", "))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);

    private static Dictionary<string, long> TrueCounts(IEnumerable<string> lines) =>
        lines.SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .GroupBy(word => word, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => (long)group.Count(), StringComparer.Ordinal);
}

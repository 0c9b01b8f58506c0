using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Recovery.Tests;

/// <summary>
/// Runs the realtimeanalytics example end to end on its embedded broker and sample producer, and checks its two
/// result files: one well-formed <c>id, value</c> line per source, sorted by id, with positive totals.
/// </summary>
public sealed partial class RealTimeAnalyticsTests : IDisposable
{
    private readonly CrashWorkspace workspace = new("ember-rta");

    public void Dispose() => workspace.Dispose();

    [Fact]
    public async Task RealTimeAnalytics_OnEmbeddedBroker_WritesSortedTotalsAndAverages()
    {
        var output = workspace.Dir("output");
        using var process = ExampleProcess.Start(
            "realtimeanalytics", "--batch-interval", "1s", "--window", "4s", "--slide", "2s", "--duration", "6s", "--output", output);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (!process.HasExited)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
        }
        Assert.True(process.ExitCode == 0, $"realtimeanalytics exited with {process.ExitCode}:\n{process.Output}");

        var totals = ReadRows(Path.Combine(output, "total-bytes-received.txt"));
        var averages = ReadRows(Path.Combine(output, "average-temperature.txt"));
        Assert.All(totals, row => Assert.True(row.Value > 0, $"Source {row.Id} has total {row.Value}."));
        // The sample producer's values are 15..35, so every average is in that range.
        Assert.All(averages, row => Assert.InRange(row.Value, 15, 35));
    }

    private static List<(int Id, double Value)> ReadRows(string path)
    {
        Assert.True(File.Exists(path), $"{path} was not written.");
        var rows = File.ReadAllLines(path).Select(line =>
        {
            var match = RowPattern().Match(line);
            Assert.True(match.Success, $"Malformed line '{line}' in {path}.");
            return (Id: int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), Value: double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }).ToList();
        Assert.NotEmpty(rows);
        var ids = rows.Select(row => row.Id).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Distinct().Count(), ids.Count);
        return rows;
    }

    [GeneratedRegex(@"^(-?\d+), (-?\d+(?:\.\d+)?)$")]
    private static partial Regex RowPattern();
}

using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Ember.Recovery.Tests;

/// <summary>The realtimeanalytics example against a broker of the test's, and the reading of its two result files.</summary>
internal static partial class RealTimeAnalyticsRun
{
    public const string Topic = "real-time-analytics";

    public static string[] Arguments(string bootstrapServers, string output, string? checkpoint = null) =>
    [
        "realtimeanalytics", "--bootstrap-servers", bootstrapServers, "--topic", Topic, "--output", output,
        "--batch-interval", "300ms", "--window", "1200ms", "--slide", "600ms", "--ui-port", "off", .. checkpoint is null ? Array.Empty<string>() : ["--checkpoint", checkpoint],
    ];

    public static string TotalsFile(string output) => Path.Combine(output, "total-bytes-received.txt");

    public static string AveragesFile(string output) => Path.Combine(output, "average-temperature.txt");

    /// <summary>
    /// Messages <c>"&lt;source&gt; &lt;value&gt;"</c> for 5 sources from a seed, every 40th one garbage; with the true
    /// totals, the job's console line of window averages when all of them fall in one window, and the number of garbage messages.
    /// </summary>
    public static (List<string> Messages, Dictionary<string, long> Totals, string AveragesLine, int Malformed) Messages(int count, int seed)
    {
        var random = new Random(seed);
        var totals = new Dictionary<string, long>();
        var counts = new Dictionary<string, long>();
        var messages = new List<string>(count);
        var malformed = 0;
        for (var i = 1; i <= count; i++)
        {
            if (i % 40 == 0)
            {
                messages.Add(i % 80 == 0 ? "sensor-3 n/a" : "4 12 extra");
                malformed++;
                continue;
            }
            var source = random.Next(1, 6);
            var value = random.Next(15, 36);
            var id = source.ToString(CultureInfo.InvariantCulture);
            totals[id] = totals.GetValueOrDefault(id) + value;
            counts[id] = counts.GetValueOrDefault(id) + 1;
            messages.Add($"{source} {value}");
        }
        return (messages, totals, AveragesLine(totals.ToDictionary(pair => pair.Key, pair => (double)pair.Value / counts[pair.Key])), malformed);
    }

    /// <summary>How the job prints window averages on the console: <c>window averages 1: 21.5  2: 20</c>.</summary>
    public static string AveragesLine(IReadOnlyDictionary<string, double> averages) =>
        "window averages " + string.Join("  ", averages.OrderBy(pair => int.Parse(pair.Key, CultureInfo.InvariantCulture))
            .Select(pair => $"{pair.Key}: {pair.Value.ToString("0.###", CultureInfo.InvariantCulture)}"));

    public static async Task ProduceAsync(string bootstrapServers, IEnumerable<string> messages, TimeSpan pause = default)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        foreach (var message in messages)
        {
            await producer.ProduceAsync(Topic, new Message<Null, string> { Value = message });
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause);
            }
        }
    }

    /// <summary>
    /// Produces <paramref name="messages"/> at once, without waiting for each delivery, so they land in one or two
    /// consecutive batches: with the window of four batches sliding by two of <see cref="Arguments"/>, some window holds them all.
    /// </summary>
    public static async Task ProduceBurstAsync(string bootstrapServers, IEnumerable<string> messages)
    {
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers }).Build();
        await Task.WhenAll(messages.Select(message => producer.ProduceAsync(Topic, new Message<Null, string> { Value = message })));
    }

    /// <summary>Runs a tool to its end, feeding <paramref name="input"/> to its standard input; fails the test, with its output, if it fails.</summary>
    public static async Task RunToolAsync(string tool, IEnumerable<string> arguments, string? input = null)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}:\n{await stdout}\n{await stderr}");
    }

    /// <summary>
    /// Runs the job until its totals reach <paramref name="expected"/>'s sum and it has printed <paramref name="averagesLine"/>,
    /// stops it with SIGTERM, checks the totals and returns what it printed.
    /// </summary>
    public static async Task<string> RunUntilTotalsAsync(string bootstrapServers, string output, Dictionary<string, long> expected, string averagesLine)
    {
        using var job = ExampleProcess.Start(Arguments(bootstrapServers, output));
        return await StopAtTotalsAsync(job, output, expected, averagesLine);
    }

    /// <summary>As <see cref="RunUntilTotalsAsync"/>, for a job the test started itself.</summary>
    public static async Task<string> StopAtTotalsAsync(ExampleProcess job, string output, Dictionary<string, long> expected, string averagesLine)
    {
        var totals = await CrashWorkspace.WaitForCountsAsync(JobOutput.ResultFile(TotalsFile(output)), expected, after: long.MinValue, TimeSpan.FromSeconds(60));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!job.Output.Contains(averagesLine, StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
        Assert.Contains(averagesLine, job.Output);
        Assert.True(await job.TerminateAsync(TimeSpan.FromSeconds(30)), $"SIGTERM did not stop the job:\n{job.Output}");
        Assert.True(job.ExitCode == 0, $"The job exited with {job.ExitCode}:\n{job.Output}");
        Assert.Equal(expected.OrderBy(pair => pair.Key), totals.OrderBy(pair => pair.Key));
        return job.Output;
    }

    /// <summary>The rows of a result file: one well-formed <c>id, value</c> line per source, sorted by id, no id twice.</summary>
    public static List<(int Id, double Value)> ReadRows(string path)
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

    /// <summary>The malformed messages the job reported, summed over its "N malformed messages skipped" lines.</summary>
    public static int MalformedReported(string output) =>
        MalformedLine().Matches(output).Sum(match => int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(-?\d+), (-?\d+(?:\.\d+)?)$")]
    private static partial Regex RowPattern();

    [GeneratedRegex(@"(\d+) malformed messages skipped")]
    private static partial Regex MalformedLine();
}

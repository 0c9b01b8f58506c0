using System.Globalization;

namespace Ember.Cluster.Benchmarks;

/// <summary>The settings of a run, from the command line.</summary>
internal sealed record RunSettings(bool Quick, string? Filter, int Repetitions, int ShuffleMebibytes, double CpuSeconds, int Records, int RecordsPerSecond, string CommandLine)
{
    /// <summary>Whether <paramref name="section"/> runs: no filter, or one of its comma-separated words is in the title.</summary>
    public bool Selected(string section) =>
        Filter is null || Filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(word => section.Contains(word, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// <c>dotnet run -c Release --project bench/Ember.Cluster.Benchmarks -- [--quick] [--filter X] [--repetitions N]
/// [--shuffle-mib N] [--cpu-seconds N] [--records N] [--records-per-second N]</c>: issue 13's measurements side by side
/// in one run (task launch overhead, shuffle throughput against gRPC, CPU-bound scaling on 1 and 2 executors) and issue
/// 14's (the main job's throughput on 1 and 2 executors, the delay an executor's loss adds); writes
/// <c>bench/results/cluster-&lt;date&gt;.md</c>. Unknown arguments are rejected: a typo would silently measure the default.
/// </summary>
internal static class Program
{
    private const string Usage = "Usage: dotnet run -c Release --project bench/Ember.Cluster.Benchmarks -- [--quick] [--filter launch,shuffle,scaling,main,loss,rebuild] " +
                                 "[--repetitions N] [--shuffle-mib N] [--cpu-seconds N] [--records N] [--records-per-second N]";

    public static int Main(string[] args)
    {
        RunSettings settings;
        try
        {
            settings = Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var loadBefore = LoadAverage();
        var started = DateTime.UtcNow;
        var sections = new List<string>();
        if (settings.Selected(LaunchOverhead.Title))
        {
            sections.Add(ClusterReport.Launch(LaunchOverhead.Run(settings.Quick, settings.Repetitions), settings.Quick));
        }
        if (settings.Selected(ShuffleThroughput.Title))
        {
            sections.Add(ClusterReport.Shuffle(ShuffleThroughput.Run(settings.ShuffleMebibytes, settings.Repetitions), settings.ShuffleMebibytes));
        }
        if (settings.Selected(CpuScaling.Title))
        {
            var iterations = CpuScaling.Calibrate(settings.CpuSeconds);
            sections.Add(ClusterReport.Scaling(CpuScaling.Run(iterations, settings.Repetitions), iterations, settings.CpuSeconds));
        }
        if (settings.Selected(Streaming.MainJobThroughput.Title))
        {
            sections.Add(Streaming.StreamingReport.Throughput(Streaming.MainJobThroughput.Run(settings.Records, settings.Repetitions), settings.Records));
        }
        if (settings.Selected(Streaming.ExecutorLossDelay.Title))
        {
            sections.Add(Streaming.StreamingReport.Loss(Streaming.ExecutorLossDelay.Run(settings.RecordsPerSecond)));
        }
        if (settings.Selected(StateRebuild.Title))
        {
            sections.Add(StateRebuild.Report(StateRebuild.Measure(settings.Repetitions)));
        }
        var markdown = ClusterReport.Document(settings, started, DateTime.UtcNow, loadBefore, LoadAverage(), sections);
        var folder = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(folder);
        // A run of one section is named after it, so it never replaces a full run's file.
        var path = Path.Combine(folder, $"cluster-{started:yyyy-MM-dd}{(settings.Filter is { } only ? $"-{only.Replace(',', '-')}" : "")}{(settings.Quick ? "-quick" : "")}.md");
        File.WriteAllText(path, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    internal static RunSettings Parse(string[] args)
    {
        var quick = false;
        string? filter = null;
        int? repetitions = null, mebibytes = null, cpuSeconds = null, records = null, recordsPerSecond = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--filter":
                    filter = ++i < args.Length ? args[i] : throw new ArgumentException("--filter needs a value.");
                    break;
                case "--repetitions":
                    repetitions = PositiveValue(args, ref i);
                    break;
                case "--shuffle-mib":
                    mebibytes = PositiveValue(args, ref i);
                    break;
                case "--cpu-seconds":
                    cpuSeconds = PositiveValue(args, ref i);
                    break;
                case "--records":
                    records = PositiveValue(args, ref i);
                    break;
                case "--records-per-second":
                    recordsPerSecond = PositiveValue(args, ref i);
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        var commandLine = "dotnet run -c Release --project bench/Ember.Cluster.Benchmarks --" + string.Concat(args.Select(arg => " " + arg));
        return new RunSettings(quick, filter, repetitions ?? (quick ? 1 : 3), mebibytes ?? (quick ? 32 : 256), cpuSeconds ?? (quick ? 2 : 12),
            records ?? (quick ? 20_000 : 200_000), recordsPerSecond ?? 2_000, commandLine);
    }

    /// <summary>The 1-, 5- and 15-minute load averages (Linux), or "unknown".</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static int PositiveValue(string[] args, ref int i)
    {
        var name = args[i];
        if (++i >= args.Length)
        {
            throw new ArgumentException($"{name} needs a value.");
        }
        return int.TryParse(args[i], CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} needs a positive whole number, not '{args[i]}'.");
    }

    private static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Ember.slnx")))
        {
            directory = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory)) ?? throw new InvalidOperationException("Run from inside the repository.");
        }
        return directory;
    }
}

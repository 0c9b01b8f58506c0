using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;
using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks;

/// <summary>What the corpus turned out to be, and how many input partitions each contender read it in (null: not an engine).</summary>
internal sealed record CorpusFacts(long Bytes, long Words, int DistinctWords, IReadOnlyList<int?> InputPartitions);

/// <summary>Renders the measurements as markdown and writes them to <c>bench/results/&lt;date&gt;-wordcount.md</c>.</summary>
internal static class Report
{
    public static string Render(BenchmarkOptions options, CorpusFacts corpus, string? loadAverage, IReadOnlyList<(string Name, IReadOnlyList<Measurement> Runs)> contenders)
    {
        var text = new StringBuilder();
        text.AppendLine("# Word count: hand-written loop vs Ember");
        text.AppendLine();
        text.AppendLine($"- Command: `{options.CommandLine}`");
        text.AppendLine($"- Date: {DateTime.Now:yyyy-MM-dd HH:mm}; machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                        $"{(GCSettings.IsServerGC ? "server" : "workstation")} GC ({GCSettings.LatencyMode})");
        text.AppendLine($"- Ember source: {SourceVersion()}");
        if (loadAverage is not null)
        {
            text.AppendLine($"- Load average (1 min): {loadAverage}. A CPU / wall well below 1 for the single-threaded loop means the process waited for a core: the wall times of that run are inflated, and the CPU ratios are the steadier comparison");
        }
        text.AppendLine($"- Corpus: {corpus.Bytes / (1024.0 * 1024.0):F1} MB, {corpus.Words:N0} words (records), {corpus.DistinctWords:N0} distinct; " +
                        $"Zipf (exponent 1.0) over {CorpusGenerator.VocabularySize:N0} words, 6–14 words a line, fixed seed");
        text.AppendLine($"- Procedure: one warm-up run each, then {options.Repetitions} repetition(s) in alternating order (A B C, C B A, ...); " +
                        "a full blocking GC before every run; every contender's word → count map checked equal to the hand-written loop's");
        text.AppendLine("- Ember: `TextFile(path, minPartitions: N).FlatMap(line => line.Split(' ')).Map(w => (w, 1)).ReduceByKey((a, b) => a + b).Collect()` into a dictionary, N = worker threads; the context is created and disposed inside each run");
        text.AppendLine();

        var baseline = contenders[0].Runs;
        text.AppendLine("| Contender | Input partitions | Median wall | Best wall | Records/s | Records per CPU-second | CPU / wall | Allocated per record | GC gen0 / gen1 / gen2 (median per run) | Wall vs hand-written, median (min–max) | CPU vs hand-written, median (min–max) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < contenders.Count; i++)
        {
            var (name, runs) = contenders[i];
            var wall = Statistics.Median(runs.Select(run => run.Wall.TotalSeconds));
            var cpu = Statistics.Median(runs.Select(run => run.Cpu.TotalSeconds));
            var allocated = Statistics.Median(runs.Select(run => (double)run.AllocatedBytes));
            var wallRatio = i == 0 ? "1 (baseline)" : Ratios(runs, baseline, run => run.Wall);
            var cpuRatio = i == 0 ? "1 (baseline)" : Ratios(runs, baseline, run => run.Cpu);
            text.AppendLine($"| {name} | {corpus.InputPartitions[i]?.ToString() ?? "–"} | {wall:F3} s | {runs.Min(run => run.Wall).TotalSeconds:F3} s | {corpus.Words / wall / 1e6:F2} M | {corpus.Words / cpu / 1e6:F2} M | " +
                            $"{cpu / wall:F2} | {allocated / corpus.Words:F1} B | " +
                            $"{Statistics.Median(runs.Select(run => (double)run.Gen0)):F0} / {Statistics.Median(runs.Select(run => (double)run.Gen1)):F0} / {Statistics.Median(runs.Select(run => (double)run.Gen2)):F0} | {wallRatio} | {cpuRatio} |");
        }
        text.AppendLine();
        if (contenders.Count == 3)
        {
            text.AppendLine($"Speed-up of {contenders[2].Name} over {contenders[1].Name} (wall, per repetition): {SpeedUps(contenders[1].Runs, contenders[2].Runs)}");
            text.AppendLine();
        }

        text.AppendLine("## Every run");
        text.AppendLine();
        text.AppendLine("| Contender | Repetition | Wall | CPU | Allocated | GC gen0 / gen1 / gen2 |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, runs) in contenders)
        {
            for (var r = 0; r < runs.Count; r++)
            {
                var run = runs[r];
                text.AppendLine($"| {name} | {r + 1} | {run.Wall.TotalSeconds:F3} s | {run.Cpu.TotalSeconds:F3} s | {run.AllocatedBytes / 1e6:F1} MB | {run.Gen0} / {run.Gen1} / {run.Gen2} |");
            }
        }
        return text.ToString();
    }

    /// <summary>Writes <paramref name="markdown"/> to <c>bench/results/&lt;yyyy-MM-dd&gt;-wordcount.md</c> in the repository; returns the path.</summary>
    public static string Write(string markdown, DateTime date, string benchmark = "wordcount")
    {
        var folder = Path.Combine(RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{date:yyyy-MM-dd}-{benchmark}.md");
        File.WriteAllText(path, markdown);
        return path;
    }

    // Repetition r of a contender is compared with repetition r of the other: both ran close together in time.
    private static string Ratios(IReadOnlyList<Measurement> runs, IReadOnlyList<Measurement> baseline, Func<Measurement, TimeSpan> cost) =>
        Statistics.Spread([.. runs.Zip(baseline, (run, reference) => cost(run) / cost(reference))]);

    private static string SpeedUps(IReadOnlyList<Measurement> slower, IReadOnlyList<Measurement> faster) =>
        Statistics.Spread([.. slower.Zip(faster, (one, two) => one.Wall / two.Wall)]);

    /// <summary>The commit measured, and whether src/ (all the benchmark runs) differed from it: engineers edit the engine while benchmarks run.</summary>
    internal static string SourceVersion()
    {
        var commit = Git("rev-parse --short HEAD");
        var changes = Git("status --porcelain -- src");
        return commit is null ? "unknown (git unavailable)" : changes is { Length: > 0 } ? $"{commit} with uncommitted changes in src/" : commit;
    }

    private static string? Git(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments) { WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(start);
            if (git is null)
            {
                return null;
            }
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ember.slnx")))
            {
                return directory.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}

using System.Diagnostics;

namespace Ember.Cluster.Benchmarks;

/// <summary>One quantity measured in one run: its wall time, the CPU spent meanwhile, and how many units it moved.</summary>
/// <param name="Metric">What was measured, e.g. "2,000 empty tasks".</param>
/// <param name="Wall">The elapsed time.</param>
/// <param name="Cpu">The CPU spent meanwhile, by this benchmark's processes and by others.</param>
/// <param name="Units">The work done (tasks, MiB, jobs), so that a rate is <c>Units / Wall</c>.</param>
/// <param name="Check">A checksum of the result: contenders of one section must agree on it.</param>
internal sealed record Sample(string Metric, TimeSpan Wall, CpuSpent Cpu, double Units, long Check)
{
    public double Rate => Units / Wall.TotalSeconds;

    /// <summary>Times <paramref name="run"/>, with a full collection before it so earlier garbage is not on its clock.</summary>
    public static Sample Of(string metric, double units, Func<long> run)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var cpu = CpuClock.Now();
        var clock = Stopwatch.StartNew();
        var check = run();
        clock.Stop();
        return new Sample(metric, clock.Elapsed, CpuClock.Now(driverFirst: true).Since(cpu), units, check);
    }
}

/// <summary>
/// A contender of a section: the master its context runs on (null for a baseline that needs no context) and what it
/// measures once warmed up. Each run creates its context (executor processes included) and disposes it, so idle
/// executors of one contender never take CPU from another; starting the context is timed apart.
/// </summary>
internal sealed record Contender(string Name, string? Master, Action<EmberContext?> WarmUp, Func<EmberContext?, IReadOnlyList<Sample>> Measure);

/// <summary>The samples of every contender of a section, repetition by repetition.</summary>
internal sealed record SectionResult(string Title, IReadOnlyList<Contender> Contenders, IReadOnlyDictionary<string, List<IReadOnlyList<Sample>>> Runs)
{
    /// <summary>Metric <paramref name="metric"/> of <paramref name="contender"/>, one sample per repetition.</summary>
    public IReadOnlyList<Sample> Of(string contender, string metric) =>
        [.. Runs[contender].Select(run => run.Single(sample => sample.Metric == metric))];
}

/// <summary>
/// Runs a section: every contender once to warm up (driver JIT), then the repetitions in mirrored order (A B C, C B A,
/// A B C, ...) so that drift over the run (other helpers' load, tiered JIT) favours none; checks that contenders agree
/// on each metric's checksum.
/// </summary>
internal static class SectionRunner
{
    public const string ContextStart = "context start";

    public static SectionResult Run(string title, IReadOnlyList<Contender> contenders, int repetitions)
    {
        Console.WriteLine($"## {title}");
        var runs = contenders.ToDictionary(c => c.Name, _ => new List<IReadOnlyList<Sample>>());
        var checks = new Dictionary<string, (string Contender, long Check)>();
        foreach (var contender in contenders)
        {
            Verify(contender, RunOnce(contender, "warm-up"), checks);
        }
        for (var repetition = 1; repetition <= repetitions; repetition++)
        {
            var order = repetition % 2 == 1 ? contenders : [.. contenders.Reverse()];
            foreach (var contender in order)
            {
                var samples = RunOnce(contender, $"rep {repetition}");
                Verify(contender, samples, checks);
                runs[contender.Name].Add(samples);
            }
        }
        return new SectionResult(title, contenders, runs);
    }

    private static List<Sample> RunOnce(Contender contender, string label)
    {
        var samples = new List<Sample>();
        EmberContext? context = null;
        try
        {
            if (contender.Master is { } master)
            {
                samples.Add(Sample.Of(ContextStart, 1, () =>
                {
                    context = new EmberContext(new EmberOptions { Master = master, AppName = "cluster-bench" });
                    return 0;
                }));
            }
            contender.WarmUp(context);
            samples.AddRange(contender.Measure(context));
        }
        finally
        {
            context?.Dispose();
        }
        foreach (var sample in samples)
        {
            Console.WriteLine($"  {label,-8} {contender.Name,-40} {sample.Metric,-36} {sample.Wall.TotalMilliseconds,10:F1} ms " +
                              $"cpu driver {sample.Cpu.Driver.TotalSeconds:F2} s executors {sample.Cpu.Executors.TotalSeconds:F2} s others {sample.Cpu.Others.TotalSeconds:F2} s stolen {sample.Cpu.Steal.TotalSeconds:F2} s");
        }
        return samples;
    }

    private static void Verify(Contender contender, List<Sample> samples, Dictionary<string, (string Contender, long Check)> checks)
    {
        foreach (var sample in samples.Where(s => s.Metric != ContextStart))
        {
            if (!checks.TryAdd(sample.Metric, (contender.Name, sample.Check)) && checks[sample.Metric].Check != sample.Check)
            {
                throw new InvalidOperationException(
                    $"{sample.Metric}: {contender.Name} computed {sample.Check}, {checks[sample.Metric].Contender} {checks[sample.Metric].Check}.");
            }
        }
    }
}

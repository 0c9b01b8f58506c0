using System.Diagnostics;

namespace Ember.Benchmarks.SideBySide;

/// <summary>What one run of one contender measured.</summary>
internal sealed record ContenderRun(Measurement Measurement, double[] BatchMilliseconds, long[] Checksums, double? StateBytesPerKey);

/// <summary>The runs of every contender of a workload, repetition by repetition.</summary>
internal sealed record WorkloadResult(Workload Workload, IReadOnlyDictionary<string, IReadOnlyList<ContenderRun>> Runs);

/// <summary>
/// Runs a workload: every contender once to warm up (JIT, pools, caches), then the repetitions in rotating order
/// (A B C, C B A, ...) so that drift over the run (other processes, heat, tiered JIT) favours no contender, and checks
/// that contenders of one checksum group agree on every batch. Without <c>warmUp</c> the warm-up run is left out: a
/// caller measuring many sizes of one workload in one process has warmed the code at its first size.
/// </summary>
internal static class SideBySideRunner
{
    public static WorkloadResult Run(Workload workload, int repetitions, bool warmUp = true)
    {
        Console.WriteLine($"{workload.Name}: {workload.Description}");
        var runs = workload.Contenders.ToDictionary(contender => contender.Name, _ => new List<ContenderRun>());
        var references = new Dictionary<string, (string Contender, long[] Checksums)>();
        foreach (var contender in warmUp ? workload.Contenders : [])
        {
            Verify(workload, contender, RunOnce(workload, contender, "warm-up"), references);
        }
        for (var repetition = 1; repetition <= repetitions; repetition++)
        {
            var order = repetition % 2 == 1 ? workload.Contenders : [.. workload.Contenders.Reverse()];
            foreach (var contender in order)
            {
                var run = RunOnce(workload, contender, $"rep {repetition}");
                Verify(workload, contender, run, references);
                runs[contender.Name].Add(run);
            }
        }
        return new WorkloadResult(workload, runs.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<ContenderRun>)pair.Value));
    }

    private static ContenderRun RunOnce(Workload workload, Contender contender, string label)
    {
        var heapBefore = workload.StateKeys is null ? 0 : GC.GetTotalMemory(forceFullCollection: true);
        using var run = contender.Start();
        for (var batch = 0; batch < workload.WarmBatches; batch++)
        {
            run.RunBatch(batch);
        }
        var millis = new double[workload.MeasuredBatches];
        var checksums = new long[workload.MeasuredBatches];
        var (measurement, _) = Measurement.Of(() =>
        {
            for (var batch = 0; batch < millis.Length; batch++)
            {
                var start = Stopwatch.GetTimestamp();
                checksums[batch] = run.RunBatch(workload.WarmBatches + batch);
                millis[batch] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            return 0;
        });
        double? stateBytes = workload.StateKeys is { } keys ? (GC.GetTotalMemory(forceFullCollection: true) - heapBefore) / (double)keys : null;
        var records = workload.RecordsPerBatch * workload.MeasuredBatches;
        Console.WriteLine($"  {label,-8} {contender.Name,-34} {records / Math.Max(1e-6, measurement.Cpu.TotalSeconds) / 1e6,9:F2} M records/CPU-s " +
                          $"{measurement.AllocatedBytes / (double)Math.Max(1, records),9:F1} B/record");
        return new ContenderRun(measurement, millis, checksums, stateBytes);
    }

    /// <summary>The first run of a checksum group is its reference; every later run of the group must match it batch by batch.</summary>
    private static void Verify(Workload workload, Contender contender, ContenderRun run, Dictionary<string, (string Contender, long[] Checksums)> references)
    {
        if (!references.TryGetValue(contender.Checksum, out var reference))
        {
            references[contender.Checksum] = (contender.Name, run.Checksums);
            return;
        }
        for (var batch = 0; batch < reference.Checksums.Length; batch++)
        {
            if (reference.Checksums[batch] != run.Checksums[batch])
            {
                throw new InvalidOperationException(
                    $"{workload.Name}: {contender.Name} computed checksum {run.Checksums[batch]} for batch {batch}, {reference.Contender} {reference.Checksums[batch]}.");
            }
        }
    }
}

namespace Ember.Benchmarks;

/// <summary>
/// Generates the corpus, runs every contender once to warm up, then the repetitions in alternating order (A B C,
/// C B A, ...) so that drift over time (page cache, tiered JIT, heat) favours no contender, checks every result
/// against the hand-written loop's, and renders the report.
/// </summary>
internal static class WordCountBenchmark
{
    public static string Run(BenchmarkOptions options)
    {
        var folder = Directory.CreateTempSubdirectory("ember-bench-");
        try
        {
            var path = Path.Combine(folder.FullName, "corpus.txt");
            Console.WriteLine($"Generating a {options.SizeMb} MB corpus in {path}");
            CorpusGenerator.Write(path, options.SizeMb * 1024L * 1024L);

            var loadBefore = SideBySide.Machine.LoadAverage();
            Contender[] contenders = [Contenders.HandWritten, Contenders.Ember("local[1]", 1), Contenders.Ember("local[2]", 2)];
            var expected = RunOnce(Contenders.HandWritten, path, "warm-up", expected: null).Counts;
            foreach (var contender in contenders.Skip(1))
            {
                RunOnce(contender, path, "warm-up", expected);
            }

            var runs = contenders.ToDictionary(contender => contender, _ => new List<Measurement>());
            for (var repetition = 1; repetition <= options.Repetitions; repetition++)
            {
                var order = repetition % 2 == 1 ? contenders : [.. contenders.Reverse()];
                foreach (var contender in order)
                {
                    runs[contender].Add(RunOnce(contender, path, $"repetition {repetition}", expected).Measurement);
                }
            }

            var corpus = new CorpusFacts(
                new FileInfo(path).Length,
                expected.Values.Sum(count => (long)count),
                expected.Count,
                [.. contenders.Select(contender => contender.InputPartitions?.Invoke(path))]);
            var load = loadBefore is null ? null : $"{loadBefore} before the runs, {SideBySide.Machine.LoadAverage()} after";
            return Report.Render(options, corpus, load, [.. contenders.Select(contender => (contender.Name, (IReadOnlyList<Measurement>)runs[contender]))]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (Measurement Measurement, Dictionary<string, int> Counts) RunOnce(
        Contender contender, string path, string label, Dictionary<string, int>? expected)
    {
        var (measurement, counts) = Measurement.Of(() => contender.CountWords(path));
        if (expected is not null)
        {
            Verify(contender, expected, counts);
        }
        Console.WriteLine($"  {label,-13} {contender.Name,-30} {measurement.Wall.TotalSeconds,7:F3} s wall, {measurement.Cpu.TotalSeconds,7:F3} s CPU, {measurement.AllocatedBytes / 1e6,9:F1} MB allocated");
        return (measurement, counts);
    }

    /// <summary>Throws unless <paramref name="actual"/> holds exactly the words and counts of <paramref name="expected"/>.</summary>
    private static void Verify(Contender contender, Dictionary<string, int> expected, Dictionary<string, int> actual)
    {
        if (actual.Count != expected.Count)
        {
            throw new InvalidOperationException($"{contender.Name} found {actual.Count} distinct words, the hand-written loop {expected.Count}.");
        }
        foreach (var (word, count) in expected)
        {
            if (!actual.TryGetValue(word, out var other) || other != count)
            {
                throw new InvalidOperationException(
                    $"{contender.Name} counted '{word}' {(actual.ContainsKey(word) ? other.ToString() : "not at all")}, the hand-written loop {count} times.");
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Ember.Benchmarks.SideBySide;
using Ember.Graph;

namespace Ember.Benchmarks.Graph;

/// <summary>The settings of a graph run, from the command line.</summary>
internal sealed record GraphSettings(int Edges, int Vertices, int Iterations, int QuikGraphIterations, int Partitions, int Seed, string CommandLine);

/// <summary>
/// <c>graph [--edges 1000000] [--vertices 131072] [--iterations 10] [--quikgraph-iterations 3] [--partitions 4] [--seed 7]</c>:
/// static PageRank on a seeded R-MAT graph (GraphX's generator), Ember on <c>local[2]</c> beside QuikGraph's
/// PageRankAlgorithm and a hand-written single-threaded array loop, in one run; time per iteration as wall and as
/// CPU-seconds (the machine may be shared). Writes <c>bench/results/graph-&lt;date&gt;.md</c>.
/// </summary>
internal static class GraphBenchmark
{
    public const string Usage = "dotnet run -c Release --project bench/Ember.Benchmarks -- graph [--edges 1000000] [--vertices 131072] [--iterations 10] [--quikgraph-iterations 3] [--partitions 4] [--seed 7]";

    public static int Run(string[] args)
    {
        if (ModeArguments.Parse(args, Parse, Usage) is not { } settings)
        {
            return ModeArguments.BadArguments;
        }
        var markdown = Measure(settings);
        var folder = Path.Combine(Report.RepositoryRoot(), "bench", "results");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"graph-{DateTime.UtcNow:yyyy-MM-dd}.md");
        File.WriteAllText(path, markdown);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    private static string Measure(GraphSettings s)
    {
        var load = Machine.LoadAverage() ?? "unknown";
        var edges = RmatGenerator.Edges(s.Vertices, s.Edges, s.Seed);
        var ids = edges.SelectMany(e => new[] { e.Src, e.Dst }).Distinct().Order().ToArray();
        var vertexOf = new int[ids[^1] + 1];
        for (var i = 0; i < ids.Length; i++)
            vertexOf[ids[i]] = i;
        Console.WriteLine($"R-MAT graph: {edges.Length:N0} edges, {ids.Length:N0} vertices; {s.Iterations} iterations");

        // Marginal cost per iteration: (time of N iterations - time of 1) / (N - 1), which leaves out the setup both share.
        // One unmeasured run of each first, so that JIT compilation is not counted.
        // The loop's iterations take milliseconds, so it runs ten times as many for a measurable difference.
        var loopRanks = PageRankContenders.ArrayLoop(edges, vertexOf, ids.Length, s.Iterations);
        var loop1 = Timed(() => PageRankContenders.ArrayLoop(edges, vertexOf, ids.Length, 1));
        var loopMany = Timed(() => PageRankContenders.ArrayLoop(edges, vertexOf, ids.Length, 10 * s.Iterations));
        Console.WriteLine($"array loop: {loopMany.Wall.TotalSeconds:F2} s for {10 * s.Iterations}");

        var quikBuild = Timed(() => PageRankContenders.QuikGraphOf(edges));
        var quik = Timed(() => PageRankContenders.QuikGraph(quikBuild.Result, s.QuikGraphIterations));
        Console.WriteLine($"QuikGraph: {quik.Wall.TotalSeconds:F2} s for {s.QuikGraphIterations}");

        using var context = new EmberContext(new EmberOptions { Master = "local[2]", AppName = "graph-benchmark" });
        var emberBuild = Timed(() =>
        {
            var graph = Ember.Graph.Graph.FromEdgeTuples(context.Parallelize(edges.Select(e => ((long)e.Src, (long)e.Dst)), s.Partitions), 0).Cache();
            _ = graph.NumEdges + graph.NumVertices;
            return graph;
        });
        PageRankContenders.Ember(emberBuild.Result, 1);
        var ember1 = Timed(() => PageRankContenders.Ember(emberBuild.Result, 1));
        var emberN = Timed(() => PageRankContenders.Ember(emberBuild.Result, s.Iterations));
        Console.WriteLine($"Ember: {emberN.Wall.TotalSeconds:F2} s for {s.Iterations}");

        var maxDifference = ids.Select((id, i) => Math.Abs(emberN.Result[id] - loopRanks[i])).Max();
        var quikScale = ids.Length / quik.Result.Values.Sum();
        var loopPerIteration = PerIteration(loop1, loopMany, 10 * s.Iterations);
        var emberPerIteration = PerIteration(ember1, emberN, s.Iterations);
        var quikPerIteration = (quik.Wall / s.QuikGraphIterations, quik.Cpu / s.QuikGraphIterations);

        var text = new StringBuilder();
        text.AppendLine("# PageRank: Ember (local[2]) vs QuikGraph vs a hand-written loop");
        text.AppendLine();
        text.AppendLine($"- Command: `{s.CommandLine}`");
        text.AppendLine($"- Date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; machine: {Machine.Describe()}");
        text.AppendLine($"- Load average (1, 5, 15 min): {load} before, {Machine.LoadAverage() ?? "unknown"} after: wall times on a shared machine are inflated, CPU-seconds are the steadier comparison");
        text.AppendLine($"- Graph: GraphX's R-MAT (a=0.45, b=0.15, c=0.15, d=0.25), seed {s.Seed}, {edges.Length:N0} distinct edges on {ids.Length:N0} vertices (ids below {1 << (int)Math.Ceiling(Math.Log2(s.Vertices)):N0}); Ember's edges in {s.Partitions} partitions");
        text.AppendLine($"- Static PageRank, reset 0.15; one unmeasured warm-up run of Ember and the loop first. Per iteration = (time of {s.Iterations} iterations − time of 1) / {s.Iterations - 1} for Ember, of {10 * s.Iterations} and 1 for the loop (setup and the final rescaling left out); QuikGraph: its {s.QuikGraphIterations} iterations / {s.QuikGraphIterations} (it has no separate setup)");
        text.AppendLine($"- Check: Ember's ranks equal the loop's to {maxDifference:E1} (max abs difference, ranks summing to N). QuikGraph starts at 1/N and does not rescale, so its ranks after {s.QuikGraphIterations} iterations are not compared");
        text.AppendLine();
        text.AppendLine("| Contender | Graph build wall | Per iteration wall | Per iteration CPU | Wall vs loop | CPU vs loop |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        void Row(string name, TimeSpan? build, (TimeSpan Wall, TimeSpan Cpu) it) =>
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {(build is { } b ? $"{b.TotalSeconds:F2} s" : "—")} | {it.Wall.TotalMilliseconds:F0} ms | {it.Cpu.TotalMilliseconds:F1} ms | {it.Wall / loopPerIteration.Wall:F1}× | {it.Cpu / loopPerIteration.Cpu:F1}× |"));
        Row("Hand-written array loop (1 thread)", null, loopPerIteration);
        Row("QuikGraph 2.5 PageRankAlgorithm (1 thread)", quikBuild.Wall, quikPerIteration);
        Row("Ember StaticPageRank, local[2]", emberBuild.Wall, emberPerIteration);
        return text.ToString();
    }

    private static (TimeSpan Wall, TimeSpan Cpu) PerIteration<T>(Timing<T> one, Timing<T> many, int iterations) =>
        ((many.Wall - one.Wall) / (iterations - 1), (many.Cpu - one.Cpu) / (iterations - 1));

    private sealed record Timing<T>(T Result, TimeSpan Wall, TimeSpan Cpu);

    private static Timing<T> Timed<T>(Func<T> run)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = run();
        return new Timing<T>(result, wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpu);
    }

    private static GraphSettings Parse(string[] args)
    {
        int edges = 1_000_000, vertices = 1 << 17, iterations = 10, quikIterations = 3, partitions = 4, seed = 7;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"Argument '{args[i]}' needs a value.");
            var number = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n : throw new ArgumentException($"Argument '{args[i]}' must be a positive integer, not '{value}'.");
            switch (args[i])
            {
                case "--edges": edges = number; break;
                case "--vertices": vertices = number; break;
                case "--iterations": iterations = number >= 2 ? number : throw new ArgumentException("Argument '--iterations' must be at least 2."); break;
                case "--quikgraph-iterations": quikIterations = number; break;
                case "--partitions": partitions = number; break;
                case "--seed": seed = number; break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
            i++;
        }
        return new GraphSettings(edges, vertices, iterations, quikIterations, partitions, seed, "graph " + string.Join(' ', args[1..]));
    }
}

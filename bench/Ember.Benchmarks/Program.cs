using Ember.Benchmarks.Curves;
using Ember.Benchmarks.Graph;
using Ember.Benchmarks.SideBySide;

namespace Ember.Benchmarks;

/// <summary>The settings of a run, from the command line.</summary>
internal sealed record BenchmarkOptions(int SizeMb, int Repetitions, string CommandLine);

/// <summary>
/// <c>dotnet run -c Release --project bench/Ember.Benchmarks -- wordcount [--size-mb 100] [--repetitions 3] [--quick]</c>.
/// Unknown arguments are rejected rather than ignored: a mistyped option would otherwise silently measure the default.
/// </summary>
internal static class Program
{
    private const string Usage = "Usage: dotnet run -c Release --project bench/Ember.Benchmarks -- [--quick] [--filter X] [--repetitions N]\n" +
                                 "       dotnet run -c Release --project bench/Ember.Benchmarks -- wordcount [--size-mb N] [--repetitions N] [--quick]\n" +
                                 "       dotnet run -c Release --project bench/Ember.Benchmarks -- streaming [--batches N]\n" +
                                 "       dotnet run -c Release --project bench/Ember.Benchmarks -- checkpoint\n" +
                                 "       dotnet run -c Release --project bench/Ember.Benchmarks -- micro [BenchmarkDotNet arguments]\n" +
                                 "       " + CurvesBenchmark.Usage + "\n" +
                                 "       " + GraphBenchmark.Usage;

    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            return RunSideBySide(args);
        }
        if (args[0] == "micro")
        {
            return HotPathBenchmarks.Run(args[1..]);
        }
        if (args[0] == "curves")
        {
            return CurvesBenchmark.Run(args);
        }
        if (args[0] == "graph")
        {
            return GraphBenchmark.Run(args);
        }
        if (args[0] == "streaming")
        {
            return RunStreaming(args);
        }
        if (args is ["sql"])
        {
            return SqlBenchmark.RunAndWrite();
        }
        if (args is ["checkpoint"])
        {
            var checkpoint = CheckpointBenchmark.Run();
            Console.WriteLine(checkpoint);
            Console.WriteLine($"Written to {Report.Write(checkpoint, DateTime.Now, "checkpoint")}");
            return 0;
        }
        BenchmarkOptions options;
        try
        {
            options = Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var markdown = WordCountBenchmark.Run(options);
        var path = Report.Write(markdown, DateTime.Now);
        Console.WriteLine();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    private static int RunSideBySide(string[] args)
    {
        var quick = false;
        string? filter = null;
        int? repetitions = null;
        try
        {
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
                    default:
                        throw new ArgumentException($"Unknown argument '{args[i]}'.");
                }
            }
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var commandLine = "dotnet run -c Release --project bench/Ember.Benchmarks --" + string.Concat(args.Select(arg => " " + arg));
        return SideBySideBenchmark.Run(new RunSettings(quick, filter, repetitions ?? (quick ? 2 : 3), commandLine));
    }

    private static int RunStreaming(string[] args)
    {
        var batches = 50;
        if (args.Length == 3 && args[1] == "--batches")
        {
            var i = 1;
            batches = PositiveValue(args, ref i);
        }
        else if (args.Length != 1)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var markdown = StreamingBatchBenchmark.Run(batches);
        var path = Report.Write(markdown, DateTime.Now, "streaming");
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {path}");
        return 0;
    }

    internal static BenchmarkOptions Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "wordcount")
        {
            throw new ArgumentException(args.Length == 0 ? "No benchmark given." : $"Unknown benchmark '{args[0]}': use 'wordcount', 'streaming' or 'checkpoint'.");
        }
        int? sizeMb = null, repetitions = null;
        var quick = false;
        for (var i = 1; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--size-mb":
                    sizeMb = PositiveValue(args, ref i);
                    break;
                case "--repetitions":
                    repetitions = PositiveValue(args, ref i);
                    break;
                case "--quick":
                    quick = true;
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }
        if (quick && (sizeMb is not null || repetitions is not null))
        {
            throw new ArgumentException("--quick sets the size (10 MB) and repetitions (1) itself: do not combine it with --size-mb or --repetitions.");
        }
        var commandLine = "dotnet run -c Release --project bench/Ember.Benchmarks -- " + string.Join(' ', args);
        return quick ? new(10, 1, commandLine) : new(sizeMb ?? 100, repetitions ?? 3, commandLine);
    }

    private static int PositiveValue(string[] args, ref int i)
    {
        var name = args[i];
        if (++i >= args.Length)
        {
            throw new ArgumentException($"{name} needs a value.");
        }
        return int.TryParse(args[i], out var value) && value > 0
            ? value
            : throw new ArgumentException($"{name} needs a positive whole number, not '{args[i]}'.");
    }
}

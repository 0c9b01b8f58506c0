using System.Reactive.Linq;
using System.Runtime.InteropServices;
using Ember.Streaming;

namespace Ember.Benchmarks.SideBySide;

/// <summary>Per-batch word counts over Zipf-distributed words (100,000-word vocabulary): the classic keyed streaming job.</summary>
internal static class WordCountWorkload
{
    public const string Name = "WordCount";

    public static Workload Create(int linesPerBatch, int batches)
    {
        var input = Data.Draw(Data.ZipfLines(50_000), linesPerBatch, 2);
        Func<BatchAggregation<string>> count = () => new Count();
        return new Workload(Name, $"{linesPerBatch:N0} lines of about 10 Zipf words per batch, count per word",
            linesPerBatch, 1, batches,
            [
                LibraryRuns.HandLoop(input, count),
                EmberRun<string>.Contender("Ember", input, (_, lines) => lines
                    .FlatMap(line => line.Split(' '))
                    .Map(word => (word, 1L))
                    .ReduceByKey((a, b) => a + b)
                    .Map(pair => Checksums.Of(pair.Key, pair.Value))),
                LibraryRuns.Rx(input, lines => lines
                    .SelectMany(line => line.Split(' '))
                    .GroupBy(word => word)
                    .SelectMany(group => group.LongCount().Select(total => Checksums.Of(group.Key, total)))
                    .Sum()),
                LibraryRuns.Dataflow(input, count),
                LibraryRuns.Channels(input, count),
                LibraryRuns.Akka(input, count),
            ],
            Ratios.EmberAgainstAll("Hand-written loop", "System.Reactive", "TPL Dataflow", "System.Threading.Channels", "Akka.Streams"));
    }

    /// <summary>Splits each line as a span and counts through an alternate lookup: a word allocates a string only the first time it is seen.</summary>
    private sealed class Count : BatchAggregation<string>
    {
        private readonly Dictionary<string, long> counts = [];

        public override void Add(string record) => Add([record]);

        public override void Add(ReadOnlySpan<string> records)
        {
            var lookup = counts.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var line in records)
            {
                var span = line.AsSpan();
                foreach (var range in span.Split(' '))
                {
                    CollectionsMarshal.GetValueRefOrAddDefault(lookup, span[range], out _)++;
                }
            }
        }

        public override long EndBatch()
        {
            var sum = 0L;
            foreach (var (word, total) in counts)
            {
                sum += Checksums.Of(word, total);
            }
            counts.Clear();
            return sum;
        }
    }
}

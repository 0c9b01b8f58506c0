using System.Reactive.Linq;
using Ember.Streaming;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// Spark's RawNetworkGrep: count the 100-byte lines of each batch that contain a word. Stateless, no shuffle: what
/// the engine costs per record and per batch on the cheapest useful work.
/// </summary>
internal static class GrepWorkload
{
    public const string Word = "ember";

    public static string Name(int linesPerBatch) => $"Grep {Workload.Label(linesPerBatch)}";

    public static Workload Create(int linesPerBatch, int batches)
    {
        var pool = Data.Lines(20_000);
        var input = Data.Draw(pool, linesPerBatch, 2);
        Func<BatchAggregation<string>> count = () => new Count();
        return new Workload(Name(linesPerBatch), $"{linesPerBatch:N0} lines of 100 bytes per batch, count the lines containing \"{Word}\"",
            linesPerBatch, 1, batches,
            [
                LibraryRuns.HandLoop(input, count),
                EmberRun<string>.Contender("Ember", input, (_, lines) => lines.Filter(line => line.Contains(Word, StringComparison.Ordinal)).Count()),
                LibraryRuns.Rx(input, lines => lines.Where(line => line.Contains(Word, StringComparison.Ordinal)).LongCount()),
                LibraryRuns.Dataflow(input, count),
                LibraryRuns.Channels(input, count),
                LibraryRuns.Akka(input, count),
            ],
            Ratios.EmberAgainstAll("Hand-written loop", "System.Reactive", "TPL Dataflow", "System.Threading.Channels", "Akka.Streams"));
    }

    private sealed class Count : BatchAggregation<string>
    {
        private long count;

        public override void Add(string record)
        {
            if (record.Contains(Word, StringComparison.Ordinal))
            {
                count++;
            }
        }

        public override void Add(ReadOnlySpan<string> records)
        {
            var found = 0L;
            foreach (var line in records)
            {
                if (line.Contains(Word, StringComparison.Ordinal))
                {
                    found++;
                }
            }
            count += found;
        }

        public override long EndBatch()
        {
            var result = count;
            count = 0;
            return result;
        }
    }
}

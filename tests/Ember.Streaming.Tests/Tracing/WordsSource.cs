using Ember.Streaming.Sources;

namespace Ember.Streaming.Tests.Tracing;

/// <summary>
/// A source that counts its records, as a log's does (a queue stream reports no input): each batch reads the next
/// array of words queued, in two partitions.
/// </summary>
internal sealed class WordsSource(StreamingContext context, params string[][] batches)
    : DirectInputDStream<string[], string>(context, "WordsStream", new WordsReader())
{
    private readonly Queue<string[]> pending = new(batches);

    protected override string[] Allocate(Time batchTime, CancellationToken cancellationToken) =>
        pending.TryDequeue(out var words) ? words : [];

    protected override long? CountRecords(string[] allocation) => allocation.Length;

    private sealed class WordsReader : SourceReader<string[], string>
    {
        public override int PartitionCount(string[] allocation) => allocation.Length == 0 ? 0 : 2;

        public override IEnumerable<string> Read(string[] allocation, int partition, SourceReadContext context) =>
            allocation.Where((_, index) => index % 2 == partition);
    }
}

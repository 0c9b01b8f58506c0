using System.Text.Json.Nodes;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.DStreams;
using Ember.Streaming.Listener;
using Ember.Streaming.Scheduling;

namespace Ember.Streaming.Kafka;

/// <summary>
/// The direct Kafka stream as a source of the graph: each batch's RDD reads the offset ranges the driver picked for
/// it. Its ranges are saved in every checkpoint, so a batch replayed after a crash reads exactly the same records and
/// the stream resumes where the last batch ended.
/// </summary>
internal sealed class DirectKafkaInputDStream<TKey, TValue> : InputDStream<ConsumeRecord<TKey, TValue>>
{
    private readonly DirectKafkaSource<TKey, TValue> source;

    public DirectKafkaInputDStream(StreamingContext context, DirectKafkaSource<TKey, TValue> source)
        : base(context, "DirectKafkaStream")
    {
        this.source = source;
        source.ReportError = (message, attempt) => context.PostToListeners(listener =>
            listener.OnInputSourceError(new InputSourceErrorInfo(Id, Name ?? ToString(), message, context.TimeProvider.GetUtcNow(), attempt)));
    }

    private protected override bool IsCheckpointed => true;

    private protected override JsonNode? SaveAllocations() => source.SavePositions();

    private protected override void RestoreAllocations(JsonNode? positions) => source.RestorePositions(positions);

    private protected override StreamInputInfo? InputInfoAt(Time time) =>
        new(Id, source.RangesAt(time).Sum(range => range.Count),
            source.ProgressAt(time) is { Count: > 0 } partitions ? new Dictionary<string, object> { [StreamInputInfo.PartitionsKey] = partitions } : null);

    private protected override Rdd<ConsumeRecord<TKey, TValue>>? Compute(Time validTime) => source.RddAt(validTime);

    protected override Task StopAsync()
    {
        source.Dispose();
        return Task.CompletedTask;
    }
}

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
internal sealed class DirectKafkaInputDStream<TKey, TValue> : InputDStream<ConsumeRecord<TKey, TValue>>, IRecoverableSource, IReportsRecords
{
    private readonly DirectKafkaSource<TKey, TValue> source;

    public DirectKafkaInputDStream(StreamingContext context, DirectKafkaSource<TKey, TValue> source)
        : base(context, "DirectKafkaStream")
    {
        this.source = source;
        source.ReportError = (message, attempt) => context.PostToListeners(listener =>
            listener.OnInputSourceError(new InputSourceErrorInfo(Id, Name ?? ToString(), message, context.TimeProvider.GetUtcNow(), attempt)));
    }

    string IRecoverableSource.CheckpointId => CheckpointId ?? throw new InvalidOperationException($"{this} has no checkpoint id before the context starts.");

    public JsonNode? SavePositions() => source.SavePositions();

    public void RestorePositions(JsonNode? positions) => source.RestorePositions(positions);

    public long? RecordsAt(Time time) => source.RangesAt(time).Sum(range => range.Count);

    public IReadOnlyDictionary<string, object>? MetadataAt(Time time) =>
        source.ProgressAt(time) is { Count: > 0 } partitions ? new Dictionary<string, object> { [StreamInputInfo.PartitionsKey] = partitions } : null;

    private protected override Rdd<ConsumeRecord<TKey, TValue>>? Compute(Time validTime) => source.RddAt(validTime);

    private protected override Task StopAsync()
    {
        source.Dispose();
        return Task.CompletedTask;
    }
}

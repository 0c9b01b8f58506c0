using System.Text.Json.Nodes;
using Ember.Streaming.Checkpointing;
using Ember.Streaming.DStreams;
using Ember.Streaming.Scheduling;

namespace Ember.Streaming.Kafka;

/// <summary>
/// The direct Kafka stream as a source of the graph: each batch's RDD reads the offset ranges the driver picked for
/// it. Its ranges are saved in every checkpoint, so a batch replayed after a crash reads exactly the same records and
/// the stream resumes where the last batch ended.
/// </summary>
internal sealed class DirectKafkaInputDStream<TKey, TValue>(StreamingContext context, DirectKafkaSource<TKey, TValue> source)
    : InputDStream<ConsumeRecord<TKey, TValue>>(context, "DirectKafkaStream"), IRecoverableSource, IReportsRecords
{
    string IRecoverableSource.CheckpointId => CheckpointId ?? throw new InvalidOperationException($"{this} has no checkpoint id before the context starts.");

    public JsonNode? SavePositions() => source.SavePositions();

    public void RestorePositions(JsonNode? positions) => source.RestorePositions(positions);

    public long? RecordsAt(Time time) => source.RangesAt(time).Sum(range => range.Count);

    private protected override Rdd<ConsumeRecord<TKey, TValue>>? Compute(Time validTime) => source.RddAt(validTime);

    private protected override Task StopAsync()
    {
        source.Dispose();
        return Task.CompletedTask;
    }
}

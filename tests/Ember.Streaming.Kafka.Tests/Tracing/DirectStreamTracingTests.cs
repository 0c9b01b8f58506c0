using System.Diagnostics;
using Ember.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ember.Streaming.Kafka.Tests.Tracing;

/// <summary>A Kafka direct stream's batch span, read through OpenTelemetry's in-memory exporter, carries the batch's offset ranges.</summary>
public sealed class DirectStreamTracingTests(KafkaFixture kafka) : IClassFixture<KafkaFixture>
{
    [Fact]
    public async Task BatchSpan_DirectStream_CarriesEachPartitionsOffsetRange()
    {
        var topic = await kafka.NewTopicAsync();
        await kafka.ProduceAsync(topic, 0, 3);
        await kafka.ProduceAsync(topic, 2, 5);
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource(EmberTracing.ActivitySourceName).AddInMemoryExporter(spans).Build())
        {
            var harness = new StreamHarness();
            await using (harness)
            {
                var stream = KafkaUtils.CreateDirectStream(harness.Context, ConsumerStrategies.Subscribe<string, string>([topic], kafka.ConsumerConfig()));
                harness.Collect(stream);
                harness.Context.Start();
                await harness.RunBatchAsync();
            }

            var batch = Assert.Single(spans, span => span.OperationName == EmberTracingTags.BatchSpan);
            Assert.Equal(8L, batch.GetTagItem(EmberTracingTags.BatchRecords));
            var ranges = batch.Events.Where(e => e.Name == EmberTracingTags.InputPartitionEvent)
                .Select(e => e.Tags.ToDictionary(tag => tag.Key, tag => tag.Value))
                .Select(tags => (
                    Topic: (string)tags[EmberTracingTags.MessagingDestinationName]!,
                    Partition: (string)tags[EmberTracingTags.MessagingPartitionId]!,
                    From: (long)tags[EmberTracingTags.FromOffset]!,
                    Until: (long)tags[EmberTracingTags.UntilOffset]!,
                    Name: (string)tags[EmberTracingTags.InputPartition]!))
                .OrderBy(range => range.Partition)
                .ToList();
            Assert.Equal(
                [(topic, "0", 0L, 3L, $"{topic}-0"), (topic, "1", 0L, 0L, $"{topic}-1"), (topic, "2", 0L, 5L, $"{topic}-2"), (topic, "3", 0L, 0L, $"{topic}-3")],
                ranges);
            // The output's two reads of the batch (Collect twice) are two jobs under the output span.
            var output = Assert.Single(spans, span => span.OperationName == EmberTracingTags.OutputSpan);
            Assert.Equal(batch.SpanId, output.ParentSpanId);
            Assert.Equal(2, spans.Count(span => span.OperationName == EmberTracingTags.JobSpan && span.ParentSpanId == output.SpanId));
        }
    }
}

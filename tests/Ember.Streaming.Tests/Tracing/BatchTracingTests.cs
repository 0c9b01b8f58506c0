using System.Diagnostics;
using Ember.Diagnostics;
using Ember.Streaming.Tests.Context;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace Ember.Streaming.Tests.Tracing;

/// <summary>
/// A batch read through OpenTelemetry's in-memory exporter, as a user's exporter sees it: one trace, the batch at its
/// root, an output span per output operation, and the jobs an output runs with their stages under it.
/// </summary>
public sealed class BatchTracingTests
{
    [Fact]
    public async Task Batch_OutputRunsAShuffle_OneTraceOfBatchOutputJobAndStages()
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource(EmberTracing.ActivitySourceName).AddInMemoryExporter(spans).Build())
        {
            var harness = new StreamingHarness();
            long batchTime;
            await using (harness)
            {
                var counts = new WordsSource(harness.Context, ["a", "b", "a"]).Map(word => (word, 1)).ReduceByKey((a, b) => a + b);
                var collected = new List<IReadOnlyList<(string Key, int Value)>>();
                counts.ForEachRdd(rdd => collected.Add(rdd.Collect()));
                harness.Context.Start();
                batchTime = (await harness.RunBatchAsync()).BatchTime.Milliseconds;
                Assert.Equal([("a", 2), ("b", 1)], Assert.Single(collected).Order().ToList());
            }
            // Stopped: the batch's span ended with its batch, before the context's job threads did.

            var batch = Assert.Single(spans, span => span.OperationName == EmberTracingTags.BatchSpan && Tag(span, EmberTracingTags.BatchTime) is long time && time == batchTime);
            Assert.Equal(default, batch.ParentSpanId);
            Assert.Equal(3L, Tag(batch, EmberTracingTags.BatchRecords));
            Assert.Equal(ActivityStatusCode.Unset, batch.Status);
            var input = Assert.Single(batch.Events, e => e.Name == EmberTracingTags.InputEvent);
            Assert.Equal(3L, input.Tags.Single(tag => tag.Key == EmberTracingTags.InputRecords).Value);

            var trace = spans.Where(span => span.TraceId == batch.TraceId).ToList();
            var output = Assert.Single(trace, span => span.OperationName == EmberTracingTags.OutputSpan);
            Assert.Equal(batch.SpanId, output.ParentSpanId);
            Assert.Equal("ForEachRdd", Tag(output, EmberTracingTags.OutputName));
            Assert.Equal(batchTime, Tag(output, EmberTracingTags.BatchTime));

            var job = Assert.Single(trace, span => span.OperationName == EmberTracingTags.JobSpan);
            Assert.Equal(output.SpanId, job.ParentSpanId);
            var stages = trace.Where(span => span.OperationName == EmberTracingTags.StageSpan).ToList();
            Assert.Equal(["ResultStage", "ShuffleMapStage"], stages.Select(stage => (string)Tag(stage, EmberTracingTags.StageKind)!).Order());
            Assert.All(stages, stage =>
            {
                Assert.Equal(job.SpanId, stage.ParentSpanId);
                Assert.Equal(Tag(job, EmberTracingTags.JobId), Tag(stage, EmberTracingTags.JobId));
                Assert.Equal(2, Tag(stage, EmberTracingTags.StageTasks));
            });
            // Children end inside their parents: an exporter draws them nested.
            Assert.All(stages, stage => Assert.InRange(stage.StartTimeUtc, job.StartTimeUtc, job.StartTimeUtc + job.Duration));
            Assert.InRange(job.StartTimeUtc + job.Duration, output.StartTimeUtc, output.StartTimeUtc + output.Duration);
            Assert.InRange(output.StartTimeUtc + output.Duration, batch.StartTimeUtc, batch.StartTimeUtc + batch.Duration);
        }
    }

    [Fact]
    public async Task Batch_OutputThrows_OutputSpanHoldsTheExceptionAndTheBatchIsAnError()
    {
        var spans = new List<Activity>();
        using (Sdk.CreateTracerProviderBuilder().AddSource(EmberTracing.ActivitySourceName).AddInMemoryExporter(spans).Build())
        {
            var harness = new StreamingHarness();
            await using (harness)
            {
                harness.Queue<int>([1, 2]).ForEachRdd(_ => throw new InvalidOperationException("sink down"));
                harness.Context.Start();
                await harness.RunBatchAsync();
            }

            var output = Assert.Single(spans, span => span.OperationName == EmberTracingTags.OutputSpan);
            Assert.Equal(ActivityStatusCode.Error, output.Status);
            Assert.Equal("sink down", output.StatusDescription);
            Assert.Equal(typeof(InvalidOperationException).FullName, Tag(output, EmberTracingTags.ErrorType));
            Assert.Contains(output.Events, e => e.Name == "exception");
            var batch = Assert.Single(spans, span => span.SpanId == output.ParentSpanId);
            Assert.Equal(ActivityStatusCode.Error, batch.Status);
        }
    }

    [Fact]
    public async Task Batch_ContextStartedInsideASpan_BatchIsStillARoot()
    {
        var spans = new List<Activity>();
        using var caller = new ActivitySource("Ember.Tests.Caller");
        using (Sdk.CreateTracerProviderBuilder().AddSource(EmberTracing.ActivitySourceName, caller.Name).AddInMemoryExporter(spans).Build())
        {
            var harness = new StreamingHarness();
            await using (harness)
            {
                harness.Queue<int>([1, 2]).ForEachRdd(rdd => rdd.Count());
                using (caller.StartActivity("startup"))
                {
                    harness.Context.Start();
                }
                await harness.RunBatchAsync();
            }

            var batch = Assert.Single(spans, span => span.OperationName == EmberTracingTags.BatchSpan);
            Assert.Equal(default, batch.ParentSpanId);
            Assert.NotEqual(spans.Single(span => span.OperationName == "startup").TraceId, batch.TraceId);
        }
    }

    private static object? Tag(Activity span, string key) => span.GetTagItem(key);
}

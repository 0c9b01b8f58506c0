using System.Diagnostics.Metrics;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Scheduling;

/// <summary>
/// The engine's metrics on the <c>Ember.Streaming</c> meter, so any OpenTelemetry exporter (or <c>dotnet-counters</c>)
/// can read them: batches and records completed, and delays in milliseconds.
/// </summary>
internal sealed class StreamingMetrics : IDisposable
{
    public const string MeterName = "Ember.Streaming";
    private readonly Meter meter;
    private readonly Counter<long> batches;
    private readonly Counter<long> records;
    private readonly Counter<long> failedOperations;
    private readonly Histogram<double> schedulingDelay;
    private readonly Histogram<double> processingTime;
    private readonly Histogram<double> totalDelay;
    private readonly KeyValuePair<string, object?> application;

    public StreamingMetrics(string applicationId)
    {
        meter = new Meter(MeterName);
        application = new KeyValuePair<string, object?>("ember.application", applicationId);
        batches = meter.CreateCounter<long>("ember.streaming.batches", "{batch}", "Batches completed");
        records = meter.CreateCounter<long>("ember.streaming.records", "{record}", "Input records of completed batches");
        failedOperations = meter.CreateCounter<long>("ember.streaming.output_operations.failed", "{operation}", "Output operations that failed");
        schedulingDelay = meter.CreateHistogram<double>("ember.streaming.scheduling_delay", "ms", "Time a batch waited before its first job started");
        processingTime = meter.CreateHistogram<double>("ember.streaming.processing_time", "ms", "Time from a batch's first job start to its last job end");
        totalDelay = meter.CreateHistogram<double>("ember.streaming.total_delay", "ms", "Time from a batch's time to its end");
    }

    public void RecordBatch(BatchInfo batch)
    {
        batches.Add(1, application);
        // Counted only when something listens: the sums walk the batch's tables, every batch.
        if (records.Enabled)
        {
            records.Add(batch.NumRecords, application);
        }
        if (failedOperations.Enabled)
        {
            failedOperations.Add(batch.OutputOperationInfos.Values.Count(operation => operation.FailureReason is not null), application);
        }
        Record(schedulingDelay, batch.SchedulingDelay);
        Record(processingTime, batch.ProcessingDelay);
        Record(totalDelay, batch.TotalDelay);
    }

    public void Dispose() => meter.Dispose();

    private void Record(Histogram<double> histogram, TimeSpan? value)
    {
        if (value is { } duration)
        {
            histogram.Record(duration.TotalMilliseconds, application);
        }
    }
}

using Ember.Streaming.DStreams;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Scheduling;

/// <summary>
/// Ticks every batch interval on the context's clock and turns each tick into a job set: sources hand over their
/// data for the batch, every output operation builds its RDD, and the set is queued for the scheduler.
/// </summary>
internal sealed class JobGenerator(DStreamGraph graph, JobScheduler scheduler, TimeProvider clock, TimeSpan batchInterval, Action<string, Exception> reportError)
{
    /// <summary>Called once a batch's jobs are built, before they are queued (the checkpoint records the batch's input there).</summary>
    public Action<Time>? BatchGenerated { get; set; }

    private readonly Lock gate = new();
    private ITimer? timer;
    private Time nextTime;
    private bool stopped;
    private volatile bool stopping;

    /// <summary>The last batch time generated, if any.</summary>
    public Time? LastGenerated { get; private set; }

    public void Start(Time firstBatch)
    {
        nextTime = firstBatch;
        // Measured now, not from the caller's `now`: starting sources and writing the first checkpoint take time,
        // and a timer due from a stale clock would fire every batch that much late.
        var due = firstBatch.ToDateTimeOffset() - clock.GetUtcNow();
        timer = clock.CreateTimer(_ => Tick(), null, due < TimeSpan.Zero ? TimeSpan.Zero : due, batchInterval);
    }

    /// <summary>
    /// Starts after a recovery: first the batches the checkpoint lists, in order (those that had completed only
    /// rebuild their state, without running outputs again), then every batch time missed while the job was down, then
    /// the timer from the next batch time.
    /// </summary>
    public void StartRecovered(IReadOnlyList<(Time Time, bool Completed)> replay, Time lastGenerated, Time now)
    {
        lock (gate)
        {
            foreach (var (time, completed) in replay)
            {
                Generate(time, runOutputs: !completed);
            }
            var missed = lastGenerated + batchInterval;
            for (; missed <= now; missed += batchInterval)
            {
                Generate(missed);
            }
            Start(missed);
        }
    }

    /// <summary>
    /// Marks the context as stopping, before its sources stop: a batch whose source then gives up waiting for its
    /// data is dropped quietly rather than reported as an error.
    /// </summary>
    public void BeginStop() => stopping = true;

    /// <summary>Stops the timer. Graceful: one last batch is generated at once for data the sources still hold.</summary>
    public void Stop(bool graceful)
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }
            stopped = true;
            timer?.Dispose();
            if (graceful && graph.Inputs.OfType<IBufferingSource>().Any(source => source.HasPendingData))
            {
                Generate(nextTime);
            }
        }
    }

    private void Tick()
    {
        lock (gate)
        {
            if (!stopped)
            {
                var time = nextTime;
                nextTime = time + batchInterval;
                Generate(time);
            }
        }
    }

    private void Generate(Time time, bool runOutputs = true)
    {
        try
        {
            var inputInfo = new Dictionary<int, StreamInputInfo>();
            foreach (var buffering in graph.Inputs.OfType<IBufferingSource>())
            {
                buffering.AllocateTo(time);
            }
            // Building the output jobs builds every RDD of the batch, state included, even when outputs do not run.
            var jobs = graph.GenerateJobs(time);
            foreach (var input in graph.Inputs.OfType<IReportsRecords>())
            {
                if (input.RecordsAt(time) is { } records)
                {
                    inputInfo[input.Id] = new StreamInputInfo(input.Id, records, input.MetadataAt(time));
                }
            }
            BatchGenerated?.Invoke(time);
            scheduler.Submit(new JobSet(time, runOutputs ? jobs : [], graph.MaintenanceFor(time), inputInfo, clock.GetUtcNow()));
            LastGenerated = time;
        }
        catch (OperationCanceledException) when (stopping)
        {
            // A source waiting for its data (a Kafka cluster that is down) gave up because the context is stopping:
            // the batch is not generated, and its data stays where it was, for the next run.
        }
        catch (Exception error)
        {
            reportError($"Error generating jobs for batch {time}", error);
        }
    }
}

/// <summary>A source that buffers data between batches (receivers): the data is handed to the batch at generation.</summary>
internal interface IBufferingSource
{
    bool HasPendingData { get; }

    void AllocateTo(Time time);
}

/// <summary>A source that knows how many records it gave to each batch.</summary>
internal interface IReportsRecords
{
    int Id { get; }

    long? RecordsAt(Time time);

    IReadOnlyDictionary<string, object>? MetadataAt(Time time) => null;
}

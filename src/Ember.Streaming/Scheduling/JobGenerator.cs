using Ember.Streaming.DStreams;
using Ember.Streaming.Listener;

namespace Ember.Streaming.Scheduling;

/// <summary>
/// Ticks every batch interval on the context's clock and turns each tick into a job set: sources hand over their
/// data for the batch, every output operation builds its RDD, and the set is queued for the scheduler.
/// </summary>
internal sealed class JobGenerator(DStreamGraph graph, JobScheduler scheduler, TimeProvider clock, TimeSpan batchInterval, Action<string, Exception> reportError)
{
    /// <summary>
    /// Called once a batch's jobs are built, before they are queued: the checkpoint records the batch's input there. It
    /// only queues the write, so generation never waits for the disk; the batch's outputs wait for the returned task.
    /// </summary>
    public Func<Time, Task>? BatchGenerated { get; set; }

    private readonly Lock gate = new();
    private ITimer? timer;
    private Time nextTime;
    private bool stopped;
    private volatile bool stopping;

    /// <summary>The last batch time generated, if any.</summary>
    public Time? LastGenerated { get; private set; }

    public void Start(Time firstBatch)
    {
        lock (gate)
        {
            nextTime = firstBatch;
            // Held under the lock, so a tick due at once waits until the timer it re-arms exists.
            timer = clock.CreateTimer(_ => Tick(), null, UntilNext(), Timeout.InfiniteTimeSpan);
        }
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
            if (graceful && graph.Inputs.Any(source => source.HasPendingData))
            {
                Generate(nextTime);
            }
        }
    }

    /// <summary>
    /// Generates the batch that is due, then re-arms the one-shot timer for the next batch time, measured on the
    /// clock each time. A periodic timer counts on the monotonic clock while batch times follow the wall clock, so it
    /// drifts, firing batches early (negative scheduling delays) or late; measuring from the clock's reading at
    /// start-up instead would make every batch late by the time sources took to start.
    /// </summary>
    private void Tick()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }
            // A timer may fire a moment before the wall clock reaches the batch time: then it only waits the rest.
            if (UntilNext() == TimeSpan.Zero)
            {
                var time = nextTime;
                nextTime = time + batchInterval;
                Generate(time);
            }
            timer?.Change(UntilNext(), Timeout.InfiniteTimeSpan);
        }
    }

    private static readonly IReadOnlyDictionary<int, StreamInputInfo> NoInputInfo = new Dictionary<int, StreamInputInfo>();

    /// <summary>What each source read for the batch, for listeners, described by its stream; built only for sources that say.</summary>
    private static IReadOnlyDictionary<int, StreamInputInfo> InputInfo(IReadOnlyList<IInputSource> inputs, Time time)
    {
        Dictionary<int, StreamInputInfo>? inputInfo = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i].InputInfoAt(time) is { } info)
            {
                var metadata = new Dictionary<string, object>(info.Metadata ?? new Dictionary<string, object>())
                {
                    [StreamInputInfo.DescriptionKey] = inputs[i].Stream.ToString(),
                };
                (inputInfo ??= [])[info.InputStreamId] = info with { Metadata = metadata };
            }
        }
        return inputInfo ?? NoInputInfo;
    }

    private TimeSpan UntilNext()
    {
        var until = nextTime.ToDateTimeOffset() - clock.GetUtcNow();
        return until > TimeSpan.Zero ? until : TimeSpan.Zero;
    }

    private void Generate(Time time, bool runOutputs = true)
    {
        try
        {
            var inputs = graph.Inputs;
            for (var i = 0; i < inputs.Count; i++)
            {
                inputs[i].AllocateBatch(time);
            }
            // Building the output jobs builds every RDD of the batch, state included, even when outputs do not run.
            var jobs = graph.GenerateJobs(time);
            var inputInfo = InputInfo(inputs, time);
            var checkpointed = BatchGenerated?.Invoke(time) ?? Task.CompletedTask;
            scheduler.Submit(new JobSet(time, runOutputs ? jobs : [], graph.MaintenanceFor(time), inputInfo, clock.GetUtcNow(), checkpointed));
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

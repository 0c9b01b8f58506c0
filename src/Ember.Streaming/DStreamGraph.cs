using Ember.Streaming.DStreams;
using Ember.Streaming.Scheduling;

namespace Ember.Streaming;

/// <summary>The sources and output operations of a context, and what they need each batch.</summary>
internal sealed class DStreamGraph
{
    private readonly Lock gate = new();
    private readonly List<IInputStream> inputs = [];
    private readonly List<DStream> outputs = [];
    private readonly List<IMaintainedStream> maintained = [];
    private readonly SortedSet<Time> heldInputs = [];
    private int nextStreamId;

    public IReadOnlyList<IInputStream> Inputs
    {
        get
        {
            lock (gate)
            {
                return [.. inputs];
            }
        }
    }

    public int OutputCount
    {
        get
        {
            lock (gate)
            {
                return outputs.Count;
            }
        }
    }

    public Time? ZeroTime { get; private set; }

    public TimeSpan? RememberDuration { get; set; }

    public int NewStreamId() => Interlocked.Increment(ref nextStreamId) - 1;

    public void AddInput(IInputStream input)
    {
        lock (gate)
        {
            inputs.Add(input);
        }
    }

    public int AddOutput(DStream output)
    {
        lock (gate)
        {
            outputs.Add(output);
            return outputs.Count - 1;
        }
    }

    public void AddMaintained(IMaintainedStream stream)
    {
        lock (gate)
        {
            maintained.Add(stream);
        }
    }

    /// <summary>The streams whose state checkpoints save, in creation order.</summary>
    public IReadOnlyList<Checkpointing.IStatefulStream> Stateful
    {
        get
        {
            lock (gate)
            {
                return [.. maintained.OfType<Checkpointing.IStatefulStream>()];
            }
        }
    }

    /// <summary>
    /// Gives every stateful stream and every source its stable id: its name, else its operation and rank among
    /// streams of the same operation in creation order. Two streams with one name are an error.
    /// </summary>
    public void AssignCheckpointIds()
    {
        foreach (var group in new[] { Stateful.Cast<DStream>().ToList(), Inputs.Cast<DStream>().ToList() })
        {
            var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var stream in group.OrderBy(stream => stream.Id))
            {
                var rank = ranks.GetValueOrDefault(stream.Operation);
                ranks[stream.Operation] = rank + 1;
                stream.CheckpointId = stream.Name ?? $"{stream.Operation}#{rank}";
            }
            var duplicate = group.GroupBy(stream => stream.CheckpointId).FirstOrDefault(ids => ids.Count() > 1);
            if (duplicate is not null)
            {
                throw new InvalidOperationException(
                    $"Two streams are named '{duplicate.Key}' ({string.Join(", ", duplicate)}): names identify state and sources in checkpoints and must be unique.");
            }
        }
    }

    public void Start(Time zeroTime)
    {
        ZeroTime = zeroTime;
        foreach (var output in outputs)
        {
            output.Initialize(zeroTime);
        }
        foreach (var output in outputs)
        {
            output.Remember(RememberDuration ?? TimeSpan.Zero);
        }
    }

    public IReadOnlyList<StreamingJob> GenerateJobs(Time time) =>
        [.. outputs.Cast<IOutputStream>().Select(output => output.GenerateJob(time)).OfType<StreamingJob>()];

    public IReadOnlyList<Func<CancellationToken, Task>> MaintenanceFor(Time time) =>
        [.. maintained.Select(stream => stream.MaintenanceFor(time)).OfType<Func<CancellationToken, Task>>()];

    /// <summary>
    /// Keeps what sources read for <paramref name="time"/>, a batch whose outputs failed and which a restart from the
    /// checkpoint runs again: until it completes, sources forget nothing from it on (their checkpointed positions must
    /// still hold its input), through <see cref="ForgetLimit"/>.
    /// </summary>
    public void HoldInputs(Time time)
    {
        lock (gate)
        {
            heldInputs.Add(time);
        }
    }

    /// <summary>Ends <see cref="HoldInputs"/> for a batch that completed.</summary>
    public void ReleaseInputs(Time time)
    {
        lock (gate)
        {
            heldInputs.Remove(time);
        }
    }

    /// <summary>
    /// How far a source may forget what its batches read, when it would forget the batches before
    /// <paramref name="limit"/>: no further than the oldest batch held by <see cref="HoldInputs"/>.
    /// </summary>
    public Time ForgetLimit(Time limit)
    {
        lock (gate)
        {
            return heldInputs.Count > 0 && heldInputs.Min < limit ? heldInputs.Min : limit;
        }
    }

    public void ClearMetadata(Time time)
    {
        foreach (var output in outputs)
        {
            output.ClearMetadata(time);
        }
    }
}

/// <summary>An output operation: one job per batch time of its parent.</summary>
internal interface IOutputStream
{
    StreamingJob? GenerateJob(Time time);
}

/// <summary>A stream whose RDDs must be materialized after each batch (state, incremental windows), cutting their lineage.</summary>
internal interface IMaintainedStream
{
    Func<CancellationToken, Task>? MaintenanceFor(Time time);
}

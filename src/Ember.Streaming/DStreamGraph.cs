using Ember.Streaming.DStreams;
using Ember.Streaming.Scheduling;

namespace Ember.Streaming;

/// <summary>The sources and output operations of a context, and what they need each batch.</summary>
internal sealed class DStreamGraph
{
    private readonly Lock gate = new();
    private readonly List<DStream> outputs = [];
    private readonly List<IMaintainedStream> maintained = [];
    // Copied on write (sources are added only while the graph is built), so reading them every batch copies nothing.
    private volatile IInputSource[] inputs = [];
    private IOutputStream[] outputStreams = [];
    private IMaintainedStream[] maintainedStreams = [];
    private int nextStreamId;

    public IReadOnlyList<IInputSource> Inputs => inputs;

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

    public void AddInput(IInputSource input)
    {
        lock (gate)
        {
            inputs = [.. inputs, input];
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
        foreach (var group in new[] { Stateful.Cast<DStream>().ToList(), Inputs.Select(input => input.Stream).ToList() })
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
        lock (gate)
        {
            outputStreams = [.. outputs.Cast<IOutputStream>()];
            maintainedStreams = [.. maintained];
        }
        foreach (var output in outputs)
        {
            output.Initialize(zeroTime);
        }
        foreach (var output in outputs)
        {
            output.Remember(RememberDuration ?? TimeSpan.Zero);
        }
    }

    // Loops rather than LINQ: both run every batch, and the output and stream lists are fixed once started.
    public IReadOnlyList<StreamingJob> GenerateJobs(Time time)
    {
        var jobs = new List<StreamingJob>(outputStreams.Length);
        foreach (var output in outputStreams)
        {
            if (output.GenerateJob(time) is { } job)
            {
                jobs.Add(job);
            }
        }
        return jobs;
    }

    public IReadOnlyList<Func<CancellationToken, Task>> MaintenanceFor(Time time)
    {
        List<Func<CancellationToken, Task>>? maintenance = null;
        foreach (var stream in maintainedStreams)
        {
            if (stream.MaintenanceFor(time) is { } maintain)
            {
                (maintenance ??= []).Add(maintain);
            }
        }
        return maintenance ?? (IReadOnlyList<Func<CancellationToken, Task>>)[];
    }

    public void ClearMetadata(Time time)
    {
        foreach (var output in outputStreams)
        {
            ((DStream)output).ClearMetadata(time);
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

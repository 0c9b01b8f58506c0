using Ember.Streaming.Scheduling;

namespace Ember.Streaming.DStreams;

/// <summary>An output operation: at each of its parent's batch times, one job that hands the batch's RDD to a function.</summary>
internal sealed class ForEachDStream<T> : DStream<bool>, IOutputStream
{
    private readonly DStream<T> parent;
    private readonly Func<Rdd<T>, Time, CancellationToken, Task> action;
    private readonly string description;

    public ForEachDStream(DStream<T> parent, Func<Rdd<T>, Time, CancellationToken, Task> action, string operation, string description)
        : base(parent.Context, operation)
    {
        this.parent = parent;
        this.action = action;
        this.description = description;
        Dependencies = [parent];
        OutputOperationId = Context.Graph.AddOutput(this);
    }

    public int OutputOperationId { get; }

    public override TimeSpan SlideDuration => parent.SlideDuration;

    public override IReadOnlyList<DStream> Dependencies { get; }

    private protected override Rdd<bool>? Compute(Time validTime) => null;

    /// <summary>The job of <paramref name="time"/>, or null when the parent has no RDD then (not one of its slide times).</summary>
    public StreamingJob? GenerateJob(Time time) =>
        parent.GetOrCompute(time) is { } rdd
            ? new StreamingJob(time, OutputOperationId, Operation, description, cancellationToken => action(rdd, time, cancellationToken))
            : null;
}

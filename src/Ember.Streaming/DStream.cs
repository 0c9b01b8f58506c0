using Ember.Storage;

namespace Ember.Streaming;

/// <summary>
/// The type-independent face of a discretized stream: a node of the stream graph with a slide duration and parents.
/// The engine walks these; users work with <see cref="DStream{T}"/>.
/// </summary>
public abstract class DStream
{
    private protected DStream(StreamingContext context, string operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.EnsureBuildable(operation);
        Context = context;
        Operation = operation;
        Id = context.Graph.NewStreamId();
    }

    /// <summary>The streaming context this stream belongs to.</summary>
    public StreamingContext Context { get; }

    /// <summary>A number unique within the graph, in order of creation (deterministic for a deterministic program).</summary>
    public int Id { get; }

    /// <summary>The operation that created the stream (<c>Map</c>, <c>Window</c>, ...), shown in logs and the UI.</summary>
    public string Operation { get; }

    /// <summary>A name given by <c>WithName</c>; stateful operators and sources are found by it on recovery.</summary>
    public string? Name { get; internal set; }

    /// <summary>How often this stream produces an RDD: the batch interval, or a window's slide.</summary>
    public abstract TimeSpan SlideDuration { get; }

    /// <summary>The streams this one is computed from.</summary>
    public abstract IReadOnlyList<DStream> Dependencies { get; }

    /// <summary>The first batch time minus one batch interval; set at start.</summary>
    public Time? ZeroTime { get; private set; }

    /// <summary>How long generated RDDs are kept after their batch (at least one slide).</summary>
    public TimeSpan RememberDuration { get; private set; }

    /// <summary>
    /// The id recovery matches this stream by, set at start for stateful streams and sources: the name given with
    /// <c>WithName</c>, else the operation and its rank among streams of that operation (<c>UpdateStateByKey#0</c>).
    /// </summary>
    public string? CheckpointId { get; internal set; }

    /// <summary>How often the stream's data is checkpointed, when set by <c>Checkpoint(interval)</c> or by a stateful operator.</summary>
    public TimeSpan? CheckpointInterval { get; internal set; }

    /// <summary>
    /// The stream that <c>WithName</c> and <c>Checkpoint(interval)</c> configure: this one, or the internal stateful
    /// stream behind an operator whose result is a view of it (MapWithState).
    /// </summary>
    internal virtual DStream ConfiguredStream => this;

    /// <summary>Where generated RDDs are kept; <see cref="StorageLevel.None"/> unless persisted.</summary>
    public StorageLevel StorageLevel { get; private protected set; } = StorageLevel.None;

    /// <summary>
    /// Extra time a parent must remember its RDDs beyond this stream's own remember duration (a window needs the
    /// parent's RDDs for the whole window).
    /// </summary>
    private protected virtual TimeSpan ParentRememberExtra => TimeSpan.Zero;

    internal virtual void Initialize(Time zeroTime)
    {
        if (ZeroTime is { } existing && existing != zeroTime)
        {
            throw new InvalidOperationException($"{this} was initialized with zero time {existing}, then {zeroTime}.");
        }
        ZeroTime = zeroTime;
        if (RememberDuration < SlideDuration)
        {
            RememberDuration = SlideDuration;
        }
        foreach (var parent in Dependencies)
        {
            parent.Initialize(zeroTime);
        }
    }

    internal void Remember(TimeSpan duration)
    {
        if (duration > RememberDuration)
        {
            RememberDuration = duration;
        }
        foreach (var parent in Dependencies)
        {
            parent.Remember(RememberDuration + ParentRememberExtra);
        }
    }

    internal abstract void ClearMetadata(Time time);

    /// <summary>True when <paramref name="time"/> is a time this stream produces an RDD for.</summary>
    internal bool IsTimeValid(Time time) =>
        ZeroTime is { } zero && time > zero && (time - zero).Ticks % SlideDuration.Ticks == 0;

    /// <inheritdoc />
    public override string ToString() => $"{Name ?? Operation} stream {Id}";
}

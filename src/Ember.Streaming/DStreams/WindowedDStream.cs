using Ember.Storage;

namespace Ember.Streaming.DStreams;

/// <summary>
/// The union of the parent's RDDs in the window (t - window, t], every slide. The parent's RDDs are persisted and
/// remembered for the whole window, so each batch is computed once however many windows it falls in.
/// </summary>
internal sealed class WindowedDStream<T> : DStream<T>
{
    private readonly DStream<T> parent;
    private readonly TimeSpan window;
    private readonly TimeSpan slide;

    public WindowedDStream(DStream<T> parent, TimeSpan window, TimeSpan slide) : base(parent.Context, "Window")
    {
        Durations.RequireMultiple(window, "window duration", parent.SlideDuration, "parent's slide duration");
        Durations.RequireMultiple(slide, "slide duration", parent.SlideDuration, "parent's slide duration");
        this.parent = parent;
        this.window = window;
        this.slide = slide;
        if (parent.StorageLevel == StorageLevel.None)
        {
            parent.Persist();
        }
    }

    public override TimeSpan SlideDuration => slide;

    public override IReadOnlyList<DStream> Dependencies => [parent];

    private protected override TimeSpan ParentRememberExtra => window;

    /// <summary>The parent's RDDs are what a window shares with its neighbours: persisting them keeps each batch once (Spark's WindowedDStream.persist).</summary>
    private protected override void PersistAt(StorageLevel level) => parent.Persist(level);

    private protected override Rdd<T>? Compute(Time validTime) =>
        Context.EmberContext.Union(parent.Slice(validTime - window + parent.SlideDuration, validTime));
}

namespace Ember.Streaming.DStreams;

/// <summary>The records of several streams with the same slide, batch by batch. Narrow, no shuffle.</summary>
internal sealed class UnionDStream<T> : DStream<T>
{
    private readonly IReadOnlyList<DStream<T>> parents;

    public UnionDStream(StreamingContext context, IReadOnlyList<DStream<T>> parents) : base(context, "Union")
    {
        if (parents.Count == 0)
        {
            throw new ArgumentException("Union needs at least one stream.", nameof(parents));
        }
        foreach (var parent in parents)
        {
            if (parent.Context != context)
            {
                throw new ArgumentException($"{parent} belongs to another StreamingContext.", nameof(parents));
            }
            if (parent.SlideDuration != parents[0].SlideDuration)
            {
                throw new ArgumentException(
                    $"Union needs streams with the same slide duration: {parents[0]} slides every {Durations.Format(parents[0].SlideDuration)}, {parent} every {Durations.Format(parent.SlideDuration)}.",
                    nameof(parents));
            }
        }
        this.parents = parents;
    }

    public override TimeSpan SlideDuration => parents[0].SlideDuration;

    public override IReadOnlyList<DStream> Dependencies => parents;

    private protected override Rdd<T>? Compute(Time validTime) =>
        Context.EmberContext.Union(parents.Select(parent =>
            parent.GetOrCompute(validTime) ?? throw new InvalidOperationException($"{parent} produced no RDD for batch {validTime}.")));
}

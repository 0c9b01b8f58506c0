namespace Ember.Streaming.DStreams;

/// <summary>Two streams' RDDs of the same batch, combined by an RDD function (TransformWith, Join, CoGroup, ...).</summary>
internal sealed class TransformedWithDStream<TLeft, TRight, TResult> : DStream<TResult>
{
    private readonly DStream<TLeft> left;
    private readonly DStream<TRight> right;
    private readonly Func<Rdd<TLeft>, Rdd<TRight>, Time, Rdd<TResult>> transform;

    public TransformedWithDStream(DStream<TLeft> left, DStream<TRight> right, Func<Rdd<TLeft>, Rdd<TRight>, Time, Rdd<TResult>> transform, string operation)
        : base(left.Context, operation)
    {
        if (right.Context != left.Context)
        {
            throw new ArgumentException($"{right} belongs to another StreamingContext than {left}.", nameof(right));
        }
        if (right.SlideDuration != left.SlideDuration)
        {
            throw new ArgumentException(
                $"{operation} needs streams with the same slide duration: {left} slides every {Durations.Format(left.SlideDuration)}, {right} every {Durations.Format(right.SlideDuration)}.",
                nameof(right));
        }
        this.left = left;
        this.right = right;
        this.transform = transform;
    }

    public override TimeSpan SlideDuration => left.SlideDuration;

    public override IReadOnlyList<DStream> Dependencies => [left, right];

    private protected override Rdd<TResult>? Compute(Time validTime)
    {
        var leftRdd = left.GetOrCompute(validTime) ?? throw new InvalidOperationException($"{left} produced no RDD for batch {validTime}.");
        var rightRdd = right.GetOrCompute(validTime) ?? throw new InvalidOperationException($"{right} produced no RDD for batch {validTime}.");
        return TransformedDStream.NotNull(transform(leftRdd, rightRdd, validTime));
    }
}

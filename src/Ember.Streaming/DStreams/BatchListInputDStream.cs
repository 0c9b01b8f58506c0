namespace Ember.Streaming.DStreams;

/// <summary>
/// A source whose batch <c>i</c> is the <c>i</c>-th given RDD, chosen by batch time, not by how often the stream is
/// computed (Spark's TestInputStream): an operation that skips batches still sees each input at its own time.
/// Batches past the list are empty. Used by the test kit.
/// </summary>
internal sealed class BatchListInputDStream<T>(StreamingContext context, IReadOnlyList<Rdd<T>> batches) : InputDStream<T>(context, "BatchList")
{
    private protected override Rdd<T>? Compute(Time validTime)
    {
        var index = (validTime - (ZeroTime!.Value + SlideDuration)).Ticks / SlideDuration.Ticks;
        return index < batches.Count ? batches[(int)index] : Context.EmberContext.EmptyRdd<T>();
    }
}

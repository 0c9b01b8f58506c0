using Ember.Streaming.DStreams;

namespace Ember.Streaming;

public static partial class DStreamExtensions
{
    /// <summary>
    /// Every <paramref name="slide"/> (default: the stream's slide), the union of the batches in the last
    /// <paramref name="window"/>, i.e. times in (t - window, t]. Both durations must be multiples of the stream's slide
    /// duration. Narrow; the stream's RDDs are persisted for the window's length.
    /// </summary>
    public static DStream<T> Window<T>(this DStream<T> stream, TimeSpan window, TimeSpan? slide = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new WindowedDStream<T>(stream, window, slide ?? stream.SlideDuration);
    }

    /// <summary>
    /// The number of records in each window: nothing before the stream's first record, then one count per window (0 once
    /// the window is empty again), as Spark. Incremental (adds the batches that entered, subtracts
    /// those that left), so it keeps state across batches and needs a checkpoint directory.
    /// </summary>
    public static DStream<long> CountByWindow<T>(this DStream<T> stream, TimeSpan window, TimeSpan slide) =>
        stream.Map(_ => 1L).ReduceByWindow((a, b) => a + b, (a, b) => a - b, window, slide);

    /// <summary>
    /// Each window's records combined by <paramref name="reducer"/> (one record per non-empty window), reduced from the
    /// window's batches. Durations must be multiples of the stream's slide duration.
    /// </summary>
    public static DStream<T> ReduceByWindow<T>(this DStream<T> stream, Func<T, T, T> reducer, TimeSpan window, TimeSpan slide)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(reducer);
        return stream.Reduce(reducer).Window(window, slide).Reduce(reducer);
    }

    /// <summary>
    /// Each window's records combined by <paramref name="reducer"/>, updated incrementally: the batches that entered
    /// are added, those that left are removed with <paramref name="inverseReducer"/>. Keeps state across batches, so
    /// it needs a checkpoint directory. Durations must be multiples of the stream's slide duration.
    /// </summary>
    public static DStream<T> ReduceByWindow<T>(this DStream<T> stream, Func<T, T, T> reducer, Func<T, T, T> inverseReducer, TimeSpan window, TimeSpan slide)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(reducer);
        ArgumentNullException.ThrowIfNull(inverseReducer);
        var windows = stream.Map(item => (0, item)).ReduceByKeyAndWindow(reducer, inverseReducer, window, slide, partitions: 1);
        // The result is a view of the incremental window: WithName and Checkpoint(interval) on it configure that state.
        return new TransformedDStream<(int Key, T Value), T>(windows, (rdd, _) => rdd.Values(), "ReduceByWindow") { ViewOf = windows };
    }

    /// <summary>
    /// Per window, each distinct record with its count; records whose count fell to 0 are dropped. Incremental: needs a
    /// checkpoint directory.
    /// </summary>
    public static DStream<(T Key, long Value)> CountByValueAndWindow<T>(this DStream<T> stream, TimeSpan window, TimeSpan slide, int? partitions = null) =>
        stream.Map(item => (item, 1L))
            .ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, window, slide, partitions, filter: pair => pair.Value != 0);
}

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// Helpers for the operator tests: batch outputs are unordered within a batch (as Spark's), so each batch is compared
/// as its records' texts, sorted; a failure then shows the whole batch that differs.
/// </summary>
internal static class Batches
{
    /// <summary>The test kit's default batch interval.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The first batch time of a <c>StreamingTest</c> run with default options (start + one interval), in ms.</summary>
    public static readonly long FirstBatchMs = new DateTimeOffset(2000, 1, 1, 0, 0, 1, TimeSpan.Zero).ToUnixTimeMilliseconds();

    public static TimeSpan Seconds(int seconds) => TimeSpan.FromSeconds(seconds);

    /// <summary>One batch as text: its records' <c>ToString</c>, sorted ordinally, in brackets.</summary>
    public static string Format<T>(IEnumerable<T> batch) =>
        "[" + string.Join(", ", batch.Select(item => item?.ToString() ?? "null").Order(StringComparer.Ordinal)) + "]";

    /// <summary>Asserts the output batches equal <paramref name="expected"/>, batch by batch, each batch unordered.</summary>
    public static void Equal<T>(IEnumerable<IEnumerable<T>> expected, IReadOnlyList<IReadOnlyList<T>> actual) =>
        Assert.Equal(expected.Select(Format).ToList(), actual.Select(Format).ToList());

    /// <summary>A list's items sorted and joined, so grouped values compare by content.</summary>
    public static string Sorted<T>(IEnumerable<T> items) => "{" + string.Join(",", items.Select(item => item?.ToString()).Order(StringComparer.Ordinal)) + "}";

    /// <summary>
    /// Runs <paramref name="test"/> with a stream of a context that is never started: for argument checks made when
    /// the operator is built.
    /// </summary>
    public static async Task WithStreamAsync<T>(Action<DStream<T>> test)
    {
        using var ember = new EmberContext(new EmberOptions { Master = "local[1]", AppName = "OperatorArgumentTests" });
        await using var context = new StreamingContext(ember, Interval);
        test(context.QueueStream(new System.Collections.Concurrent.ConcurrentQueue<Rdd<T>>()));
    }
}

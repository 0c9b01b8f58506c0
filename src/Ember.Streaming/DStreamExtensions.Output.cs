using Ember.Streaming.DStreams;

namespace Ember.Streaming;

public static partial class DStreamExtensions
{
    /// <summary>
    /// Output operation: prints the first <paramref name="count"/> records of every batch in Spark's format (a dashed
    /// line, <c>Time: &lt;ms&gt; ms</c>, a dashed line, the records, <c>...</c> when there are more, an empty line) to
    /// <see cref="StreamingOptions.Output"/>.
    /// </summary>
    public static void Print<T>(this DStream<T> stream, int count = 10)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var output = stream.Context.Output;
        _ = new ForEachDStream<T>(stream, async (rdd, time, cancellationToken) =>
        {
            // One more than printed tells whether to print "...".
            var first = await rdd.TakeAsync(count == int.MaxValue ? count : count + 1, cancellationToken).ConfigureAwait(false);
            var text = new System.Text.StringBuilder();
            text.Append("-------------------------------------------\n");
            text.Append($"Time: {time}\n");
            text.Append("-------------------------------------------\n");
            foreach (var item in first.Take(count))
            {
                text.Append(item?.ToString() ?? "null").Append('\n');
            }
            if (first.Count > count)
            {
                text.Append("...\n");
            }
            text.Append('\n');
            lock (output)
            {
                output.Write(text.ToString());
                output.Flush();
            }
        }, "Print", $"Print({count})");
    }

    /// <summary>
    /// Output operation: runs <paramref name="action"/> on the driver with every batch's RDD (the generic output).
    /// Runs once per batch in normal operation, again for a batch replayed after recovery (one cut short by a crash, or
    /// one where any output failed, this one included): make it idempotent.
    /// </summary>
    public static void ForEachRdd<T>(this DStream<T> stream, Action<Rdd<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        stream.ForEachRdd((rdd, _) => action(rdd));
    }

    /// <summary>
    /// Output operation: runs <paramref name="action"/> on the driver with every batch's RDD and time. The batch time is
    /// the idempotency key: a batch replayed after recovery has the same time and the same input, so store it with
    /// what you write. Ember cannot know what the action did before a failure: when another output of the batch failed
    /// after this one completed, a restart from the checkpoint runs this one again for that batch time.
    /// </summary>
    public static void ForEachRdd<T>(this DStream<T> stream, Action<Rdd<T>, Time> action)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(action);
        _ = new ForEachDStream<T>(stream, (rdd, time, _) =>
        {
            action(rdd, time);
            return Task.CompletedTask;
        }, "ForEachRdd", "ForEachRdd");
    }

    /// <summary>As <see cref="ForEachRdd{T}(DStream{T}, Action{Rdd{T}, Time})"/> for asynchronous code; the token fires when the context stops.</summary>
    /// <param name="stream">The stream whose batches are handed over.</param>
    /// <param name="action">Runs once per batch on the driver (again for a batch replayed after recovery).</param>
    /// <param name="name">How the output operation is shown in the UI and logs (a sink's name, <c>SaveToKafka(orders)</c>); default <c>ForEachRddAsync</c>.</param>
    public static void ForEachRddAsync<T>(this DStream<T> stream, Func<Rdd<T>, Time, CancellationToken, Task> action, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(action);
        _ = new ForEachDStream<T>(stream, action, name ?? "ForEachRdd", name ?? "ForEachRddAsync");
    }

    /// <summary>
    /// Output operation: writes every batch as text into the directory <c>prefix-&lt;ms&gt;[.suffix]</c>, atomically (a
    /// temporary directory renamed into place). A batch whose directory already exists is skipped, so a replayed batch
    /// (after a crash, or because another output of the batch failed) is not written twice.
    /// </summary>
    public static void SaveAsTextFiles<T>(this DStream<T> stream, string prefix, string? suffix = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        _ = new ForEachDStream<T>(stream, (rdd, time, cancellationToken) =>
            BatchDirectory(prefix, suffix, time) is { } path ? rdd.SaveAsTextFileAsync(path, cancellationToken) : Task.CompletedTask,
            "SaveAsTextFiles", $"SaveAsTextFiles({prefix})");
    }

    /// <summary>
    /// Output operation: writes every batch's records serialized (the context's serializer) into the directory
    /// <c>prefix-&lt;ms&gt;[.suffix]</c>, atomically, skipping batches already written; read back with
    /// <see cref="EmberContext.ObjectFile{T}"/>.
    /// </summary>
    public static void SaveAsObjectFiles<T>(this DStream<T> stream, string prefix, string? suffix = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        _ = new ForEachDStream<T>(stream, (rdd, time, cancellationToken) =>
            BatchDirectory(prefix, suffix, time) is { } path ? rdd.SaveAsObjectFileAsync(path, cancellationToken) : Task.CompletedTask,
            "SaveAsObjectFiles", $"SaveAsObjectFiles({prefix})");
    }

    /// <summary>The batch's output directory, or null when it already exists (the batch was written before a restart).</summary>
    private static string? BatchDirectory(string prefix, string? suffix, Time time)
    {
        var path = string.IsNullOrEmpty(suffix) ? $"{prefix}-{time.Milliseconds}" : $"{prefix}-{time.Milliseconds}.{suffix}";
        return Directory.Exists(path) ? null : path;
    }
}

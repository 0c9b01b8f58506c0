namespace Ember.Streaming.Testing;

/// <summary>
/// An input of a job run by <see cref="StreamingTestDriver"/>, fed by the test: what <see cref="Push"/> adds goes to
/// the next batch the job generates, like records produced to a topic the job reads. Declared in the job's factory
/// with <see cref="StreamingTestGraph.Input{T}"/>, fetched in the test with <see cref="StreamingTestDriver.Input{T}"/>.
/// </summary>
/// <remarks>
/// <para>The input lives outside the job, as a Kafka topic does: it outlives every restart, and the records a batch
/// took are kept by batch time, so a batch that runs again after <see cref="StreamingTestDriver.RestartAsync"/> (one
/// the checkpoint says was not finished, or whose state must be rebuilt) reads exactly what it read the first time.
/// Every batch time takes its records when it is generated, whether or not an operation of the job reads the stream
/// at that time (a window sliding every other batch still sees each batch's records at their own time).</para>
/// <para>Thread-safe. Not stateful and not checkpointed itself: nothing here needs a checkpoint directory.</para>
/// </remarks>
/// <typeparam name="T">The records.</typeparam>
public sealed class TestInputStream<T>
{
    private readonly Lock gate = new();
    private readonly Dictionary<Time, List<T>?> taken = [];
    private List<T>? pending;

    internal TestInputStream(string name) => Name = name;

    /// <summary>The name the job's factory declared the input with.</summary>
    public string Name { get; }

    /// <summary>
    /// Adds <paramref name="records"/> to the next batch the job generates (all pushes between two batches go into
    /// that one batch, in order). A push of no records still gives that batch an RDD, with no records in it; a batch
    /// with nothing pushed gets an empty RDD, or no RDD at all for an input declared with
    /// <c>noRddWhenEmpty: true</c>. Records pushed while the job is stopped go to the first batch after the restart
    /// (a batch missed while the job was down, when the restart had a downtime).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="records"/> is null.</exception>
    public void Push(params IEnumerable<T> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var added = records.ToList();
        lock (gate)
        {
            (pending ??= []).AddRange(added);
        }
    }

    /// <summary>
    /// The records of the batch of <paramref name="time"/>: those it took when first generated, else everything
    /// pushed since the previous batch (taken now, so the batch reads them again if it runs again). Null when nothing
    /// was pushed for it.
    /// </summary>
    internal IReadOnlyList<T>? Take(Time time)
    {
        lock (gate)
        {
            if (!taken.TryGetValue(time, out var records))
            {
                records = pending;
                pending = null;
                taken[time] = records;
            }
            return records;
        }
    }
}

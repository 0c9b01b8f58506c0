namespace Ember.Streaming.Testing;

/// <summary>
/// One batch of a <see cref="TestOutputStream{T}"/>: the records its stream's RDD held at <paramref name="Time"/>, or
/// the fact that the stream had no RDD then (a window between two slides, an input with nothing to say), which is not
/// the same as an empty RDD.
/// </summary>
/// <param name="Time">The batch time.</param>
/// <param name="HasRdd">True when the stream had an RDD at this batch (possibly empty); false when it had none, so no output operation ran.</param>
/// <param name="Records">The collected records of the RDD, in partition order; empty when <paramref name="HasRdd"/> is false.</param>
/// <param name="Runs">
/// How many times the output ran for this batch: 1 normally, more when a restart ran the batch again (it had not
/// finished, or another output of it had failed), 0 without an RDD. <paramref name="Records"/> are those of the last run.
/// </param>
/// <typeparam name="T">The records.</typeparam>
public sealed record TestOutputBatch<T>(Time Time, bool HasRdd, IReadOnlyList<T> Records, int Runs)
{
    /// <inheritdoc />
    public override string ToString() => HasRdd ? $"{Time}: [{string.Join(", ", Records)}]" : $"{Time}: no RDD";
}

using Ember.Streaming.DStreams;

namespace Ember.Streaming.Testing;

/// <summary>
/// The stream of a <see cref="TestInputStream{T}"/> in one run of a job: each batch time takes its records when the
/// batch is allocated (before its jobs are built, at every batch time, read or not), and its RDD holds them.
/// </summary>
internal sealed class TestInputDStream<T>(StreamingContext context, TestInputStream<T> input, bool noRddWhenEmpty, int partitions)
    : InputDStream<T>(context, $"TestInput({input.Name})")
{
    private protected override void AllocateBatch(Time time) => input.Take(time);

    private protected override Rdd<T>? Compute(Time validTime) => input.Take(validTime) switch
    {
        { } records => Context.EmberContext.Parallelize(records, partitions),
        null when noRddWhenEmpty => null,
        null => Context.EmberContext.EmptyRdd<T>(),
    };
}

using Ember.Streaming;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// The engine's fixed cost per batch: an empty batch through a <c>Count</c> and the <c>ForEachRdd</c> that reads it,
/// from the clock tick to the batch-completed event (generation, scheduling, one job, bookkeeping, listener); and the
/// same with a checkpoint directory set, as any job with a stateful stream has, so a metadata checkpoint is asked for
/// at every batch (with no snapshot due and no checkpointed source, the batch does not wait for it: the checkpoint
/// writer writes it on its own thread, one manifest for the batches that completed while it was busy).
/// </summary>
internal static class EmptyBatchWorkload
{
    public const string Name = "Empty batch";

    public static Workload Create(int batches) =>
        new(Name, "an empty batch through Count and ForEachRdd: the fixed cost per batch",
            0, 5, batches,
            [
                EmberRun<long>.Contender("Ember", [[]], (_, records) => records.Count()),
                EmberRun<long>.Contender("Ember, checkpoint directory set", [[]], (_, records) => records.Count(), stateful: true),
            ],
            []);
}

namespace Ember.Streaming.Sources;

/// <summary>
/// An RDD straight out of a <see cref="DirectInputDStream{TAllocation, T}"/>: it knows its batch and what the batch
/// read (Spark's <c>HasOffsetRanges</c>, for any source). Only that RDD has it: take it in <c>ForEachRdd</c> or
/// <c>Transform</c> on the source stream itself, before any other operator.
/// </summary>
/// <typeparam name="TAllocation">The source's allocation type.</typeparam>
public interface IHasAllocation<out TAllocation>
{
    /// <summary>The batch the RDD belongs to.</summary>
    Time BatchTime { get; }

    /// <summary>What the batch reads, as the source decided it on the driver.</summary>
    TAllocation Allocation { get; }
}

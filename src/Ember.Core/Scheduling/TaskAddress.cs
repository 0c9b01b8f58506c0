namespace Ember.Scheduling;

/// <summary>
/// The plain-data address of one task attempt. It is all the scheduler sends to a backend's worker: in cluster
/// mode every process builds the same graph, so an address is enough to find the work.
/// </summary>
internal readonly record struct TaskAddress(int JobId, int StageId, int PartitionId, int Attempt)
{
    /// <inheritdoc />
    public override string ToString() => $"job {JobId} stage {StageId} partition {PartitionId} attempt {Attempt}";
}

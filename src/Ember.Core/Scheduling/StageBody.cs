using Ember.Dependencies;

namespace Ember.Scheduling;

/// <summary>
/// What every task of one stage attempt runs: a result function over an RDD, or the map side of a shuffle. It holds
/// the lineage only (RDDs, dependencies, functions) and no driver state, so a cluster backend serializes it once per
/// stage attempt and sends it to executors (Spark's task binary); the local backend calls it directly.
/// </summary>
internal abstract class StageBody
{
    /// <summary>Says what the stage computes, for logs and errors.</summary>
    public abstract string Description { get; }

    /// <summary>The RDD whose partitions the stage's tasks compute.</summary>
    public abstract Rdd Rdd { get; }

    /// <summary>
    /// Runs one attempt of the task at <paramref name="address"/>, marked as running inside a task, and returns what
    /// <see cref="RunTask"/> returns. <paramref name="toDriver"/> receives what the task sends with
    /// <see cref="TaskContext.SendToDriver"/>; <paramref name="metrics"/>, when given, what the task measures.
    /// </summary>
    public object? Run(TaskAddress address, CancellationToken cancellationToken, Action<object>? toDriver = null, TaskMetrics? metrics = null)
    {
        var context = new TaskContext(address.JobId, address.StageId, address.PartitionId, address.Attempt, cancellationToken, toDriver, metrics);
        return RunningTask.Run(context, this, static (stage, task) => stage.RunTask(task.PartitionId, task));
    }

    /// <summary>Computes partition <paramref name="partitionId"/>: a result stage's value, or a map stage's receipt.</summary>
    protected abstract object? RunTask(int partitionId, TaskContext context);

    /// <inheritdoc />
    public override string ToString() => Description;
}

/// <summary>The last stage of a job: <c>func</c> over each partition of the RDD, its value sent back to the driver.</summary>
internal sealed class ResultStageBody<T, TResult>(Rdd<T> rdd, Func<TaskContext, IEnumerable<T>, TResult> func) : StageBody
{
    public override string Description => $"ResultStage of {rdd}";

    public override Rdd Rdd => rdd;

    protected override object? RunTask(int partitionId, TaskContext context) =>
        func(context, Cancellable(rdd.Iterator(rdd.Partitions[partitionId], context), context.CancellationToken));

    private static IEnumerable<T> Cancellable(IEnumerable<T> items, CancellationToken cancellationToken)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }
    }
}

/// <summary>
/// The map side of a shuffle: each task buckets one parent partition into the shuffle store of the process it runs
/// in. Its value is the store's receipt (the bucket sizes, null when buckets stay objects in this process).
/// </summary>
internal sealed class ShuffleMapStageBody(ShuffleDependency shuffle) : StageBody
{
    /// <summary>The shuffle whose map outputs this stage writes.</summary>
    public ShuffleDependency Shuffle => shuffle;

    public override string Description => $"ShuffleMapStage of {shuffle.Parent}";

    public override Rdd Rdd => shuffle.Parent;

    protected override object? RunTask(int partitionId, TaskContext context) =>
        shuffle.RunMapTask(partitionId, context, shuffle.Parent.Context.ShuffleStore);
}

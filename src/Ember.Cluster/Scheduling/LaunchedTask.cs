using Ember.Scheduling;

namespace Ember.Cluster.Scheduling;

/// <summary>A task the scheduler launched: queued, then running on one executor until its status arrives.</summary>
internal sealed class LaunchedTask(long taskId, TaskAddress address, StageBody stage, TaskPlacement placement)
{
    /// <summary>Where the task should run: the keepers of a cached partition it reads, or the executors its RDD prefers.</summary>
    public TaskPlacement Placement { get; } = placement;

    public long TaskId { get; } = taskId;
    public TaskAddress Address { get; } = address;
    public StageBody Stage { get; } = stage;
    public TaskCompletionSource<object?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public LinkedListNode<LaunchedTask>? QueueNode { get; set; }
    public string? ExecutorId { get; set; }

    /// <summary>When it was launched on its executor (a Stopwatch timestamp), for its duration.</summary>
    public long StartedAt { get; set; }

    /// <summary>The tracker's epoch when the task was sent: outputs of an executor lost since are refused.</summary>
    public long LaunchEpoch { get; set; }
}

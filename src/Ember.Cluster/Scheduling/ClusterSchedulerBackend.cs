using Ember.Cluster.Blocks;
using Ember.Cluster.Control;
using Ember.Scheduling;
using Ember.Shuffle;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// Runs the DAG scheduler's tasks on executors (Spark's CoarseGrainedSchedulerBackend with its TaskSchedulerImpl). A
/// stage's body is serialized once per stage attempt into the driver's block store, where executors fetch it; each
/// task travels as a small launch message. Tasks wait in one first-come queue for a free core. An executor that is
/// lost fails its running tasks with <see cref="ExecutorLostException"/> (the scheduler retries them elsewhere) and
/// takes its map outputs with it (a new epoch); a reducer's fetch failure unregisters the output it missed, so the
/// scheduler resubmits the parent stage. A task whose lineage reaches a cached partition waits for an executor that
/// keeps it, while one lives (Spark's process-local preference without its time-out: recomputing elsewhere would
/// give a nondeterministic function's partition two different values).
/// </summary>
/// <remarks>
/// Control-plane events arrive on Akka's threads: every handler here only updates books under one lock and completes
/// task sources asynchronously; fetching a big result runs on the thread pool, never on Akka's dispatcher.
/// </remarks>
internal sealed partial class ClusterSchedulerBackend : ISchedulerBackend
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ExecutorSlots> executors = [];
    private readonly LinkedList<LaunchedTask> queue = new();
    private readonly Dictionary<long, LaunchedTask> running = [];
    private readonly StageBinaries stageBinaries;
    private readonly CacheLocations cache = new();
    private readonly EmberContext context;
    private readonly ClusterResources resources;
    private readonly DriverEndpoint control;
    private readonly BlockServer blockServer;
    private readonly TaskResults results;
    private readonly ILogger logger;
    private readonly int? fixedParallelism;
    private readonly TaskEvents events;
    private long nextTaskId;

    /// <summary>Schedules onto the executors of <paramref name="resources"/>'s control endpoint, and owns those resources.</summary>
    public ClusterSchedulerBackend(EmberContext context, ClusterResources resources, int? fixedParallelism)
    {
        this.context = context;
        this.resources = resources;
        control = resources.Control!;
        blockServer = resources.BlockServer!;
        results = new TaskResults(context, resources.BlockClient!, context.Logger);
        this.fixedParallelism = fixedParallelism;
        logger = context.Logger;
        events = new TaskEvents(context.Listeners);
        Tracker = new ClusterMapOutputTracker(control.RemoveShuffle);
        stageBinaries = new StageBinaries(resources.Blocks!, context, Tracker);
        control.ExecutorAdded += OnExecutorAdded;
        control.ExecutorRemoved += OnExecutorRemoved;
        control.StatusUpdateReceived += OnStatusUpdate;
        control.TaskMessageReceived += OnTaskMessage;
        foreach (var executor in control.Executors)
        {
            OnExecutorAdded(executor);
        }
    }

    /// <summary>The driver's control endpoint, block services and <c>local-cluster</c>'s executor processes.</summary>
    public ClusterResources Resources => resources;

    /// <summary>Which executor holds each map output.</summary>
    public ClusterMapOutputTracker Tracker { get; }

    /// <summary>
    /// The cores of <c>local-cluster</c>'s executors, known from its master; for executors that join on their own,
    /// the cores registered now, at least 2 (Spark's default parallelism on a cluster).
    /// </summary>
    public int Parallelism
    {
        get
        {
            if (fixedParallelism is { } fixedCores)
            {
                return fixedCores;
            }
            lock (gate)
            {
                return Math.Max(2, executors.Values.Sum(executor => executor.Info.Cores));
            }
        }
    }

    public IReadOnlyList<string> ExecutorIds
    {
        get
        {
            lock (gate)
            {
                return [.. executors.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public async Task<object?> LaunchAsync(TaskAddress address, StageBody stage, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        stageBinaries.Acquire(address.StageId, stage);
        try
        {
            var task = new LaunchedTask(Interlocked.Increment(ref nextTaskId), address, stage, cache.Placement(stage.Rdd, address.PartitionId));
            lock (gate)
            {
                task.QueueNode = queue.AddLast(task);
                Dispatch();
            }
            using (cancellationToken.Register(() => Cancel(task)))
            {
                return await task.Completion.Task.ConfigureAwait(false);
            }
        }
        finally
        {
            stageBinaries.Release(address.StageId);
        }
    }

    public void Dispose()
    {
        control.ExecutorAdded -= OnExecutorAdded;
        control.ExecutorRemoved -= OnExecutorRemoved;
        control.StatusUpdateReceived -= OnStatusUpdate;
        control.TaskMessageReceived -= OnTaskMessage;
        lock (gate)
        {
            foreach (var task in queue.Concat(running.Values))
            {
                task.Completion.TrySetException(new ObjectDisposedException(nameof(EmberContext), $"The context is stopped; cannot run {task.Address}."));
            }
            queue.Clear();
            running.Clear();
        }
        // The context's Dispose is synchronous; the pool thread keeps a caller's synchronization context out of the awaits.
        Task.Run(() => resources.DisposeAsync().AsTask()).GetAwaiter().GetResult();
    }

    /// <summary>Drops an RDD's cached partitions on every executor, and forgets where they were.</summary>
    public void RemoveCachedRdd(int rddId)
    {
        cache.RemoveRdd(rddId);
        control.RemoveRdd(rddId);
    }

    /// <summary>
    /// Hands queued tasks, oldest first, to executors with a free core: a keeper of the task's cached input if one
    /// lives (it waits for one), else a preferred executor with a free core if any, else the emptiest. Called under the lock.
    /// </summary>
    private void Dispatch()
    {
        for (var node = queue.First; node is not null && executors.Values.Any(candidate => candidate.Free > 0);)
        {
            var next = node.Next;
            var task = node.Value;
            var preferred = task.Placement.Executors.Where(executors.ContainsKey).ToList();
            var free = executors.Values.Where(candidate => candidate.Free > 0).ToList();
            var executor = free.Where(candidate => preferred.Contains(candidate.Info.ExecutorId)).MaxBy(candidate => candidate.Free)
                ?? (preferred.Count > 0 && task.Placement.Required ? null : free.MaxBy(candidate => candidate.Free));
            node = next;
            if (executor is null)
            {
                continue;
            }
            queue.Remove(task.QueueNode!);
            task.QueueNode = null;
            task.ExecutorId = executor.Info.ExecutorId;
            executor.Free--;
            running[task.TaskId] = task;
            task.StartedAt = events.Started(task.Address, executor.Info.ExecutorId);
            var launch = new LaunchTask(task.TaskId, task.Address.JobId, task.Address.StageId, 0, task.Address.PartitionId,
                task.Address.Attempt, Tracker.Epoch, new StageBinaryReference(blockServer.Peer.Host, blockServer.Peer.Port, task.Address.StageId));
            task.LaunchEpoch = launch.Epoch;
            if (!control.LaunchTask(executor.Info.ExecutorId, launch))
            {
                // Its removal is on the way: the endpoint forgets an executor before it raises ExecutorRemoved, whose
                // handler waits for this lock and then fails this task (still in running) with the others it ran.
                logger.LogDebug("Executor {Executor} left before task {Task} reached it", executor.Info.ExecutorId, task.Address);
            }
        }
    }

    private void Cancel(LaunchedTask task)
    {
        lock (gate)
        {
            if (task.QueueNode is { } node)
            {
                queue.Remove(node);
                task.QueueNode = null;
            }
            else if (task.ExecutorId is { } executorId && running.ContainsKey(task.TaskId))
            {
                // The core stays taken until the executor reports the task killed (or is lost).
                control.KillTask(executorId, task.TaskId);
            }
        }
        task.Completion.TrySetCanceled();
    }

    private void OnExecutorAdded(ExecutorInfo executor)
    {
        lock (gate)
        {
            if (executors.TryAdd(executor.ExecutorId, new ExecutorSlots(executor)))
            {
                logger.LogInformation("Executor {Executor} added ({Host}, {Cores} core(s))", executor.ExecutorId, executor.Host, executor.Cores);
                events.ExecutorAdded(executor);
                Dispatch();
            }
        }
    }

    private void OnExecutorRemoved(ExecutorRemoved removed)
    {
        if (removed.Reason == ExecutorRemovalReason.Refused)
        {
            // Never added; an executor registered under the same id is another process and stays.
            return;
        }
        List<LaunchedTask> lost;
        lock (gate)
        {
            if (!executors.Remove(removed.ExecutorId))
            {
                return;
            }
            lost = [.. running.Values.Where(task => task.ExecutorId == removed.ExecutorId)];
            cache.RemoveExecutor(removed.ExecutorId);
            foreach (var task in lost)
            {
                running.Remove(task.TaskId);
            }
            Dispatch();
        }
        var outputs = Tracker.ExecutorLost(removed.ExecutorId);
        logger.LogWarning("Executor {Executor} removed ({Reason}: {Message}); {Tasks} running task(s) will be retried, {Outputs} map output(s) are lost",
            removed.ExecutorId, removed.Reason, removed.Message, lost.Count, outputs);
        foreach (var task in lost)
        {
            var error = new ExecutorLostException(removed.ExecutorId, $"{removed.Reason}: {removed.Message}");
            events.Failed(task.Address, removed.ExecutorId, task.StartedAt, error);
            task.Completion.TrySetException(error);
        }
        events.ExecutorRemoved(removed);
    }
}

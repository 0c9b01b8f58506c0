namespace Ember.Listener;

/// <summary>
/// Receives the batch engine's events (Spark's SparkListener, for executors and tasks), registered with
/// <see cref="EmberContext.AddListener"/>. Events arrive in the order the engine posted them, one at a time, on the
/// context's listener thread (never on a worker or the scheduler): a slow listener delays the other listeners, never a
/// job. A listener that throws is logged and keeps receiving later events. Every method has an empty default, so
/// implement only what you need.
/// </summary>
/// <remarks>
/// A listener added after executors registered first receives <see cref="OnExecutorAdded"/> for each executor active at
/// that moment, then every later event, so it always knows the executors it gets task events from.
/// </remarks>
public interface IEmberListener
{
    /// <summary>
    /// An executor joined and can run tasks. In local mode the one executor is <c>driver</c> (as in Spark), its cores the
    /// context's worker threads.
    /// </summary>
    void OnExecutorAdded(ExecutorInfo executor) { }

    /// <summary>An executor left (exited, lost, removed); its running tasks ended as failed just before this event.</summary>
    void OnExecutorRemoved(ExecutorRemovedInfo removed) { }

    /// <summary>A stage attempt was submitted: its tasks are queued for free cores (Spark's onStageSubmitted).</summary>
    void OnStageSubmitted(StageInfo stage) { }

    /// <summary>
    /// A stage attempt ended: all its tasks succeeded, or it failed (then <see cref="StageInfo.FailureReason"/> says why,
    /// and the end events of sibling tasks it cancelled may follow this one).
    /// </summary>
    void OnStageCompleted(StageInfo stage) { }

    /// <summary>A task attempt started running on an executor (it had a free core).</summary>
    void OnTaskStart(TaskStartInfo task) { }

    /// <summary>A task attempt that started ended: succeeded, failed or killed, with its duration and shuffle bytes.</summary>
    void OnTaskEnd(TaskEndInfo task) { }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ember.Listener;

/// <summary>
/// Delivers a context's events to its <see cref="IEmberListener"/>s in order on one dedicated thread (Spark's
/// LiveListenerBus), so a worker, the scheduler or an Akka dispatcher only ever takes a short lock to post. The thread
/// starts with the first listener: a context nobody listens to pays one lock per event and keeps nothing but its
/// table of active executors, which a listener added later is first told about.
/// </summary>
/// <remarks>
/// The queue is unbounded, as the streaming bus's: events are small and a listener that falls behind costs memory, not
/// a stalled job. Attaching a listener is itself an event on the queue, so the executors replayed to it are exactly
/// those added and not removed by the events delivered before it, and it misses none after.
/// </remarks>
internal sealed class ListenerBus(ILogger logger)
{
    /// <summary>How long <see cref="Stop"/> waits for the thread to deliver what was posted before it.</summary>
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    // Orders posts against attaching a listener and guards the executor table; the queue itself blocks the bus thread.
    private readonly Lock gate = new();
    private readonly BlockingCollection<Action> queue = [];
    private readonly Dictionary<string, ExecutorInfo> executors = [];
    private readonly List<IEmberListener> listeners = [];
    private Thread? thread;
    private bool listened;
    private bool stopped;

    /// <summary>Whether any listener was added: the scheduler and backends build stage and task events only then.</summary>
    public bool IsListened => Volatile.Read(ref listened);

    /// <summary>Attaches <paramref name="listener"/> in the order of events: it hears every event posted after this call.</summary>
    public void Add(IEmberListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(stopped, this);
            Volatile.Write(ref listened, true);
            Enqueue(() => Attach(listener));
            if (thread is null)
            {
                thread = new Thread(Deliver) { IsBackground = true, Name = "ember-listener-bus" };
                thread.Start();
            }
        }
    }

    public void PostExecutorAdded(ExecutorInfo executor) => Post(() => executors[executor.ExecutorId] = executor,
        listener => listener.OnExecutorAdded(executor));

    public void PostExecutorRemoved(ExecutorRemovedInfo removed) => Post(() => executors.Remove(removed.ExecutorId),
        listener => listener.OnExecutorRemoved(removed));

    public void PostStageSubmitted(StageInfo stage) => Post(null, listener => listener.OnStageSubmitted(stage));

    public void PostStageCompleted(StageInfo stage) => Post(null, listener => listener.OnStageCompleted(stage));

    public void PostTaskStart(TaskStartInfo task) => Post(null, listener => listener.OnTaskStart(task));

    public void PostTaskEnd(TaskEndInfo task) => Post(null, listener => listener.OnTaskEnd(task));

    /// <summary>
    /// Delivers what was posted before, waiting at most 10 s for a slow listener (then it finishes on its own thread,
    /// logged), and takes no more events. Idempotent.
    /// </summary>
    public void Stop()
    {
        Thread? delivering;
        lock (gate)
        {
            stopped = true;
            delivering = thread;
            queue.CompleteAdding();
        }
        // A listener that stops the context from its own callback must not wait for itself.
        if (delivering is not null && delivering != Thread.CurrentThread && !delivering.Join(StopGrace))
        {
            logger.LogWarning("Ember listeners were still handling events {Grace} after the context stopped; the rest is delivered in the background", StopGrace);
        }
    }

    /// <summary>
    /// Queues <paramref name="deliver"/> for the listeners, <paramref name="track"/> (the executor table's change) with it;
    /// with no listener yet, applies the change at once and drops the event.
    /// </summary>
    private void Post(Action? track, Action<IEmberListener> deliver)
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }
            if (!listened)
            {
                track?.Invoke();
                return;
            }
            Enqueue(() =>
            {
                if (track is not null)
                {
                    lock (gate)
                    {
                        track();
                    }
                }
                foreach (var listener in listeners)
                {
                    Deliver(listener, deliver);
                }
            });
        }
    }

    /// <summary>Called under the lock, before <see cref="Stop"/> completed the queue.</summary>
    private void Enqueue(Action item) => queue.Add(item);

    /// <summary>Runs on the bus thread: the executor table now reflects every event delivered before.</summary>
    private void Attach(IEmberListener listener)
    {
        ExecutorInfo[] active;
        lock (gate)
        {
            active = [.. executors.Values.OrderBy(executor => executor.AddTime)];
        }
        foreach (var executor in active)
        {
            Deliver(listener, l => l.OnExecutorAdded(executor));
        }
        // Only this thread reads or changes the list, so delivering needs no copy of it.
        listeners.Add(listener);
    }

    private void Deliver(IEmberListener listener, Action<IEmberListener> deliver)
    {
        try
        {
            deliver(listener);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Ember listener {Listener} failed; it keeps receiving later events", listener.GetType().Name);
        }
    }

    /// <summary>The bus thread: runs the queued items in order until stopped and drained.</summary>
    private void Deliver()
    {
        foreach (var item in queue.GetConsumingEnumerable())
        {
            item();
        }
    }
}

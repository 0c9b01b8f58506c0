using Ember.Listener;

namespace Ember;

public sealed partial class EmberContext
{
    /// <summary>
    /// Adds <paramref name="listener"/> to the engine's events (Spark's <c>addSparkListener</c>): executors added and
    /// removed, task attempts started and ended. Thread-safe, callable at any time: the listener first hears of the
    /// executors active now, then every later event, in order, on the context's one listener thread (started by the
    /// first listener), never on a worker, so a slow listener delays no job. A listener that throws is logged and keeps
    /// receiving events. Listening costs two small events per task attempt and nothing per record. Events stop when the
    /// context is disposed, after those posted before are delivered (waiting at most 10 s for slow listeners).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The context is stopped.</exception>
    public void AddListener(IEmberListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        ThrowIfStopped("add a listener");
        Listeners.Add(listener);
    }
}

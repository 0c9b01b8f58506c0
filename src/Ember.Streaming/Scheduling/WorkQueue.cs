namespace Ember.Streaming.Scheduling;

/// <summary>
/// An unbounded FIFO drained by dedicated threads that block on a monitor while it is empty. The engine's per-batch
/// hand-offs (generator to job threads, engine to listener bus) go through it instead of a channel awaited on the
/// thread pool: a channel completes its reader through a pool thread, which then spins looking for more work, and on
/// a batch of a few hundred microseconds those hops and spins cost more CPU than the batch itself.
/// </summary>
internal sealed class WorkQueue<T>
{
    // A plain object: Monitor.Wait and Pulse need an object monitor, not a System.Threading.Lock.
    private readonly object gate = new();
    private readonly Queue<T> items = new();
    private int waiting;
    private bool completed;
    private bool cancelled;

    /// <summary>Queues <paramref name="item"/>; false once <see cref="Complete"/> or <see cref="Cancel"/> was called.</summary>
    public bool TryAdd(T item)
    {
        lock (gate)
        {
            if (completed || cancelled)
            {
                return false;
            }
            items.Enqueue(item);
            if (waiting > 0)
            {
                Monitor.Pulse(gate);
            }
            return true;
        }
    }

    /// <summary>
    /// Takes the oldest item, waiting for one; false once the queue is completed and drained, or cancelled (then what
    /// is still queued stays there, never taken).
    /// </summary>
    public bool TryTake(out T item)
    {
        lock (gate)
        {
            while (!cancelled && items.Count == 0 && !completed)
            {
                waiting++;
                Monitor.Wait(gate);
                waiting--;
            }
            if (cancelled || items.Count == 0)
            {
                item = default!;
                return false;
            }
            item = items.Dequeue();
            return true;
        }
    }

    /// <summary>Takes no more items; the takers drain what is queued, then get false.</summary>
    public void Complete()
    {
        lock (gate)
        {
            completed = true;
            Monitor.PulseAll(gate);
        }
    }

    /// <summary>Takes no more items and wakes every taker at once, with false, leaving what is queued.</summary>
    public void Cancel()
    {
        lock (gate)
        {
            cancelled = true;
            Monitor.PulseAll(gate);
        }
    }
}

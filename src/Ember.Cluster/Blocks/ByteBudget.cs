namespace Ember.Cluster.Blocks;

/// <summary>
/// A semaphore counted in bytes, granted first come first served: a request waits while the bytes in use plus its
/// own would pass the budget, except that a request bigger than the whole budget is granted alone, when nothing else
/// is in use (so it waits for the others to finish, and is never refused).
/// </summary>
/// <remarks>
/// Strict arrival order is what keeps a reader that prefetches from deadlocking: its requests are granted in the
/// order it will consume them, so the bytes it holds are always a prefix it can finish, and release.
/// </remarks>
internal sealed class ByteBudget
{
    private readonly Lock gate = new();
    private readonly LinkedList<Waiter> waiters = new();
    private long inUse;
    private long peak;

    public ByteBudget(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        Limit = limit;
    }

    public long Limit { get; }

    /// <summary>Bytes granted and not yet released.</summary>
    public long InUse
    {
        get
        {
            lock (gate)
            {
                return inUse;
            }
        }
    }

    /// <summary>The most bytes ever granted at once.</summary>
    public long Peak
    {
        get
        {
            lock (gate)
            {
                return peak;
            }
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> may be used. Cancelling gives up the place in the queue.</summary>
    public Task AcquireAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        Waiter waiter;
        lock (gate)
        {
            if (waiters.Count == 0 && Fits(bytes))
            {
                Grant(bytes);
                return Task.CompletedTask;
            }
            waiter = new Waiter(bytes);
            waiter.Node = waiters.AddLast(waiter);
        }
        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(() => Cancel(waiter, cancellationToken));
        }
        return waiter.Granted.Task;
    }

    /// <summary>Gives back bytes granted by <see cref="AcquireAsync"/>.</summary>
    public void Release(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        List<Waiter> granted = [];
        lock (gate)
        {
            if (bytes > inUse)
            {
                throw new InvalidOperationException($"Released {bytes} bytes, more than the {inUse} granted.");
            }
            inUse -= bytes;
            GrantWaiting(granted);
        }
        Complete(granted);
    }

    private bool Fits(long bytes) => inUse == 0 || inUse + bytes <= Limit;

    private void Grant(long bytes)
    {
        inUse += bytes;
        peak = Math.Max(peak, inUse);
    }

    private void GrantWaiting(List<Waiter> granted)
    {
        while (waiters.First is { } first && Fits(first.Value.Bytes))
        {
            waiters.RemoveFirst();
            first.Value.Node = null;
            Grant(first.Value.Bytes);
            granted.Add(first.Value);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken cancellationToken)
    {
        List<Waiter> granted = [];
        lock (gate)
        {
            if (waiter.Node is null)
            {
                return; // already granted: the caller owns the bytes and releases them
            }
            waiters.Remove(waiter.Node);
            waiter.Node = null;
            // The cancelled waiter may have been the head holding back smaller requests behind it.
            GrantWaiting(granted);
        }
        waiter.Granted.TrySetCanceled(cancellationToken);
        Complete(granted);
    }

    // Outside the lock: disposing a registration waits for a cancellation callback that may be waiting for the lock.
    private static void Complete(List<Waiter> granted)
    {
        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            waiter.Granted.TrySetResult();
        }
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;
        public TaskCompletionSource Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public LinkedListNode<Waiter>? Node { get; set; }
        public CancellationTokenRegistration Registration { get; set; }
    }
}

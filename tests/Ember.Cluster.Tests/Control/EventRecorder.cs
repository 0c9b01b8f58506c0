using System.Diagnostics;

namespace Ember.Cluster.Tests.Control;

/// <summary>Records events as they are raised and lets a test wait, with a deadline, for the ones it expects.</summary>
internal sealed class EventRecorder<T>
{
    private readonly List<T> _events = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<T> Events
    {
        get { lock (_events) return [.. _events]; }
    }

    public void Add(T item)
    {
        TaskCompletionSource changed;
        lock (_events)
        {
            _events.Add(item);
            changed = _changed;
            _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        changed.TrySetResult();
    }

    /// <summary>The first event matching <paramref name="match"/>, waiting for it until <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForAsync(Func<T, bool> match, TimeSpan timeout, string what) =>
        (await WaitForCountAsync(match, 1, timeout, what))[0];

    /// <summary>The first <paramref name="count"/> events matching <paramref name="match"/>, waiting until <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitForCountAsync(Func<T, bool> match, int count, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            Task changed;
            lock (_events)
            {
                var found = _events.Where(match).ToList();
                if (found.Count >= count)
                    return found.Take(count).ToList();
                changed = _changed.Task;
            }
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero || await Task.WhenAny(changed, Task.Delay(left)) != changed)
                throw new TimeoutException($"Not {count} {what} within {timeout}. Recorded: {string.Join("; ", Events)}");
        }
    }
}

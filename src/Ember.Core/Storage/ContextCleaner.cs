namespace Ember.Storage;

/// <summary>
/// Frees shuffle outputs and cached blocks once the RDD graph that needs them is garbage collected (Spark's
/// ContextCleaner). A streaming job builds new RDDs every batch; without this, their shuffle outputs would pile up.
/// </summary>
internal sealed class ContextCleaner
{
    private readonly Lock gate = new();
    private readonly List<(WeakReference Owner, Action Cleanup)> entries = [];

    /// <summary>Runs <paramref name="cleanup"/> at the first sweep after <paramref name="owner"/> is collected.</summary>
    public void Register(object owner, Action cleanup)
    {
        lock (gate)
        {
            entries.Add((new WeakReference(owner), cleanup));
        }
    }

    /// <summary>Cleans up after every owner collected so far; cheap when nothing was collected.</summary>
    public void Sweep()
    {
        List<Action> due;
        lock (gate)
        {
            // Runs before every job: allocation-free when nothing was collected, the usual case.
            if (entries.TrueForAll(static entry => entry.Owner.IsAlive))
            {
                return;
            }
            due = [.. entries.Where(entry => !entry.Owner.IsAlive).Select(entry => entry.Cleanup)];
            entries.RemoveAll(entry => !entry.Owner.IsAlive);
        }
        foreach (var cleanup in due)
        {
            cleanup();
        }
    }
}

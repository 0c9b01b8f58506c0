using System.Globalization;

namespace Ember.Graph.Impl;

/// <summary>
/// Cuts the lineage of an iteration's RDDs every <see cref="Interval"/> updates (GraphX's PeriodicGraphCheckpointer),
/// so a long iterative computation neither recomputes from its start nor nests one level deeper each round: with the
/// context's checkpoint directory set, a reliable checkpoint (written by the next action; the files of all but the two
/// newest are deleted, the older ones being replaced), else a local checkpoint (computed into memory now). Give it
/// RDDs already persisted, in the order an iteration makes them.
/// </summary>
internal sealed class PeriodicCheckpointer(EmberContext context, int interval)
{
    /// <summary>GraphX's setting; Ember's default is on, every 10 iterations (GraphX's is off).</summary>
    public const string IntervalSetting = "spark.graphx.pregel.checkpointInterval";

    private const int DefaultInterval = 10;
    private readonly Queue<Rdd> written = new();
    private int updates;

    public int Interval { get; } = interval;

    /// <summary>The interval the context's <see cref="IntervalSetting"/> sets (0 or less: never), else 10.</summary>
    public static int IntervalOf(EmberContext context) =>
        context.Options.Settings.TryGetValue(IntervalSetting, out var text)
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new FormatException($"{IntervalSetting} must be an integer number of iterations, not '{text}'.")
            : DefaultInterval;

    public static PeriodicCheckpointer For(EmberContext context) => new(context, IntervalOf(context));

    public void Update<T>(Rdd<T> rdd)
    {
        updates++;
        if (Interval <= 0 || updates % Interval != 0)
        {
            return;
        }
        if (context.CheckpointDir is null)
        {
            rdd.LocalCheckpointAsync().GetAwaiter().GetResult();
            return;
        }
        rdd.Checkpoint();
        written.Enqueue(rdd);
        while (written.Count > 2)
        {
            if (written.Dequeue().GetCheckpointFile() is { } directory && Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}

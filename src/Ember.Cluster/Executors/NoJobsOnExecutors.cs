using Ember.Shuffle;

namespace Ember.Cluster.Executors;

/// <summary>
/// An executor's context runs the tasks the driver sends and never a job of its own (every action runs on the driver),
/// so it has no view of which map outputs exist: asking is a bug, said plainly.
/// </summary>
internal sealed class NoJobsOnExecutors : IMapOutputTracker
{
    public static NoJobsOnExecutors Instance { get; } = new();

    public IReadOnlyList<int> MissingMapOutputs(int shuffleId, int mapCount) =>
        throw new InvalidOperationException($"Shuffle {shuffleId} was asked for on an executor: jobs run on the driver only.");

    public void RemoveShuffle(int shuffleId)
    {
        // Executors drop their own blocks when the driver's RemoveShuffle message arrives; nothing is tracked here.
    }
}

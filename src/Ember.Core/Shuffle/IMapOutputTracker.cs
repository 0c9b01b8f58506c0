namespace Ember.Shuffle;

/// <summary>
/// The driver's view of which map outputs exist (Spark's MapOutputTracker). Locally it is the shuffle store itself; on
/// a cluster it records which executor holds each output and forgets an executor's outputs when it is lost.
/// </summary>
internal interface IMapOutputTracker
{
    /// <summary>The map tasks of <paramref name="shuffleId"/> (out of <paramref name="mapCount"/>) whose output is not available.</summary>
    IReadOnlyList<int> MissingMapOutputs(int shuffleId, int mapCount);

    /// <summary>Forgets, and frees wherever they are, every output of <paramref name="shuffleId"/>.</summary>
    void RemoveShuffle(int shuffleId);
}

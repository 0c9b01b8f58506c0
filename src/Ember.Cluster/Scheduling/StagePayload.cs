using Ember.Cluster.Blocks;
using Ember.Scheduling;

namespace Ember.Cluster.Scheduling;

/// <summary>
/// What an executor fetches once per stage attempt (Spark's task binary): the stage's lineage and functions, and where
/// the map outputs of the shuffles it reads are, as of <paramref name="Epoch"/>.
/// </summary>
internal sealed record StagePayload(StageBody Body, Dictionary<int, IReadOnlyList<MapStatus?>> ShuffleLocations, long Epoch);

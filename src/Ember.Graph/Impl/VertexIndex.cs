namespace Ember.Graph.Impl;

/// <summary>
/// The vertex ids of one vertex partition, their positions and the routing table (GraphX's VertexPartition index).
/// Shared by every graph with the same vertex set and edge structure: an iteration replaces only the attribute arrays
/// (<see cref="VertexState{TVertex}"/>), which line up with <see cref="Ids"/>.
/// </summary>
internal sealed class VertexIndex(long[] ids, Dictionary<long, int> positions, RoutingTable routing)
{
    public long[] Ids { get; } = ids;

    /// <summary>The position of every id in <see cref="Ids"/>.</summary>
    public Dictionary<long, int> Positions { get; } = positions;

    public RoutingTable Routing { get; } = routing;

    public int Count => Ids.Length;

    public VertexIndex WithRouting(RoutingTable table) => new(Ids, Positions, table);
}

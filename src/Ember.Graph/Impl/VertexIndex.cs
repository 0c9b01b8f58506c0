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

    private int[]?[]? localToPosition;

    /// <summary>
    /// For edge partition <paramref name="edgePartition"/>: the position here of each of its local ids (-1 for a vertex
    /// that lives in another vertex partition), built from the routing table on first use and kept with the index.
    /// </summary>
    public int[] PositionsOfLocals(int edgePartition)
    {
        var maps = LazyInitializer.EnsureInitialized(ref localToPosition, () => new int[]?[Routing.EdgePartitionCount]);
        if (Volatile.Read(ref maps[edgePartition]) is { } known)
        {
            return known;
        }
        var locals = Routing.EdgeLocals[edgePartition];
        var positions = Routing.Positions[edgePartition];
        var map = new int[locals.Length == 0 ? 0 : locals.Max() + 1];
        Array.Fill(map, -1);
        for (var i = 0; i < locals.Length; i++)
        {
            map[locals[i]] = positions[i];
        }
        // Two tasks may build it at once; both results are equal, so whichever lands is fine.
        Volatile.Write(ref maps[edgePartition], map);
        return map;
    }

    public VertexIndex WithRouting(RoutingTable table) => new(Ids, Positions, table);
}

using Ember.Partitioning;
using Ember.Storage;

namespace Ember.Graph.Impl;

/// <summary>
/// Builds a graph's structure from vertex records and edge partitions (GraphX's GraphImpl.fromEdgeRDD and
/// VertexRDD.apply): vertices placed by the vertex partitioner, the routing table built from the edges (one shuffle of
/// one entry per vertex and edge partition that holds it), vertices the edges name but the records lack added with the
/// default attribute.
/// </summary>
internal static class GraphBuilder
{
    /// <summary>One compact edge partition per partition of <paramref name="edges"/>, as GraphX's EdgeRDD.fromEdges.</summary>
    public static Rdd<EdgePartition<TEdge>> EdgePartitions<TEdge>(Rdd<Edge<TEdge>> edges) =>
        edges.MapPartitions(items => Single(EdgePartition<TEdge>.Build(items)));

    public static Graph<TVertex, TEdge> Build<TVertex, TEdge>(
        Rdd<(long Id, TVertex Attr)> vertices, Rdd<EdgePartition<TEdge>> edges, TVertex defaultAttr, IPartitioner? partitioner = null)
    {
        var vertexPartitioner = partitioner ?? vertices.Partitioner ?? new HashPartitioner(Math.Max(1, vertices.Partitions.Count));
        var edgePartitionCount = edges.Partitions.Count;
        edges = edges.StorageLevel == StorageLevel.None ? edges.Persist() : edges;
        var routing = edges.MapPartitionsWithIndex(RoutingEntries).PartitionBy(vertexPartitioner);
        var combined = vertices.PartitionBy(vertexPartitioner)
            .ZipPartitions(routing, (records, entries) => Single(VertexPartition(records, entries, defaultAttr, edgePartitionCount)), preservesPartitioning: true)
            .Persist();
        var index = combined.MapPartitions(parts => parts.Select(part => part.Index), preservesPartitioning: true);
        var state = combined.MapPartitions(parts => parts.Select(part => part.State), preservesPartitioning: true);
        return new Graph<TVertex, TEdge>(index, state, edges, vertexPartitioner, new object());
    }

    internal static IEnumerable<T> Single<T>(T item)
    {
        yield return item;
    }

    /// <summary>For every vertex an edge partition holds: where it lives there and whether it is a source, a destination or both.</summary>
    private static IEnumerable<(long Key, (int Partition, int Local, byte Flags) Value)> RoutingEntries<TEdge>(int partition, IEnumerable<EdgePartition<TEdge>> parts)
    {
        foreach (var part in parts)
        {
            var flags = new byte[part.VertexCount];
            for (var i = 0; i < part.Count; i++)
            {
                flags[part.LocalSrc[i]] |= RoutingTable.SrcFlag;
                flags[part.LocalDst[i]] |= RoutingTable.DstFlag;
            }
            for (var local = 0; local < flags.Length; local++)
            {
                // A vertex whose edges were all filtered out (Subgraph, Mask) keeps its local id but needs no route.
                if (flags[local] == 0)
                {
                    continue;
                }
                yield return (part.LocalToGlobal[local], (partition, local, flags[local]));
            }
        }
    }

    /// <summary>
    /// One vertex partition: the first record of each id wins (GraphX keeps an arbitrary one; Ember the first in
    /// partition order), then the ids only edges name, with <paramref name="defaultAttr"/>.
    /// </summary>
    private static (VertexIndex Index, VertexState<TVertex> State) VertexPartition<TVertex>(
        IEnumerable<(long Id, TVertex Attr)> records, IEnumerable<(long Key, (int Partition, int Local, byte Flags) Value)> entries, TVertex defaultAttr, int edgePartitionCount)
    {
        var positions = new Dictionary<long, int>();
        var ids = new List<long>();
        var attrs = new List<TVertex>();
        foreach (var (id, attr) in records)
        {
            if (positions.TryAdd(id, ids.Count))
            {
                ids.Add(id);
                attrs.Add(attr);
            }
        }
        var routePositions = new List<int>[edgePartitionCount];
        var routeLocals = new List<int>[edgePartitionCount];
        var routeFlags = new List<byte>[edgePartitionCount];
        for (var partition = 0; partition < edgePartitionCount; partition++)
        {
            routePositions[partition] = [];
            routeLocals[partition] = [];
            routeFlags[partition] = [];
        }
        foreach (var (id, (partition, local, flags)) in entries)
        {
            if (!positions.TryGetValue(id, out var position))
            {
                position = ids.Count;
                positions.Add(id, position);
                ids.Add(id);
                attrs.Add(defaultAttr);
            }
            routePositions[partition].Add(position);
            routeLocals[partition].Add(local);
            routeFlags[partition].Add(flags);
        }
        var routing = new RoutingTable(
            [.. routePositions.Select(list => list.ToArray())], [.. routeLocals.Select(list => list.ToArray())], [.. routeFlags.Select(list => list.ToArray())]);
        return (new VertexIndex([.. ids], positions, routing), new VertexState<TVertex>([.. attrs], null));
    }
}

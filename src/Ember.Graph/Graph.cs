using Ember.Graph.Impl;

namespace Ember.Graph;

/// <summary>Builds property graphs from RDDs (GraphX's Graph companion object).</summary>
public static class Graph
{
    /// <summary>
    /// A graph of <paramref name="vertices"/> and <paramref name="edges"/> (GraphX's Graph.apply). A vertex id listed
    /// more than once keeps one attribute: GraphX keeps an arbitrary one, Ember the first in the vertex RDD's partition
    /// order after placement. A vertex an edge names but <paramref name="vertices"/> lacks gets
    /// <paramref name="defaultVertexAttr"/>. Vertices are placed by <paramref name="vertices"/>' partitioner, else hashed
    /// over as many partitions as it has; edges stay in their partitions (<see cref="Graph{TVertex, TEdge}.PartitionBy"/>
    /// moves them). Lazy: the first action shuffles the vertices (unless already placed) and one routing entry per vertex
    /// and edge partition holding it, then keeps edges and vertices in memory (GraphX caches them too).
    /// </summary>
    public static Graph<TV, TE> Create<TV, TE>(Rdd<(long Id, TV Attr)> vertices, Rdd<Edge<TE>> edges, TV defaultVertexAttr = default!)
    {
        ArgumentNullException.ThrowIfNull(vertices);
        ArgumentNullException.ThrowIfNull(edges);
        return GraphBuilder.Build(vertices, GraphBuilder.EdgePartitions(edges), defaultVertexAttr);
    }

    /// <summary>
    /// A graph of <paramref name="edges"/> whose vertices are the edges' endpoints, each with
    /// <paramref name="defaultValue"/> (GraphX's Graph.fromEdges). Vertices are hashed over as many partitions as the
    /// edges have. Lazy; costs as <see cref="Create{TV, TE}"/>.
    /// </summary>
    public static Graph<TV, TE> FromEdges<TV, TE>(Rdd<Edge<TE>> edges, TV defaultValue)
    {
        ArgumentNullException.ThrowIfNull(edges);
        var partitioner = new Ember.Partitioning.HashPartitioner(Math.Max(1, edges.Partitions.Count));
        return GraphBuilder.Build(edges.Context.EmptyRdd<(long Id, TV Attr)>(), GraphBuilder.EdgePartitions(edges), defaultValue, partitioner);
    }

    /// <summary>
    /// A graph of (source, destination) pairs, every edge with attribute 1 and every vertex with
    /// <paramref name="defaultValue"/> (GraphX's Graph.fromEdgeTuples). With <paramref name="uniqueEdges"/>, edges are
    /// placed by that strategy and parallel edges merged into one whose attribute counts them (a shuffle); without,
    /// duplicates stay.
    /// </summary>
    public static Graph<TV, int> FromEdgeTuples<TV>(Rdd<(long Src, long Dst)> rawEdges, TV defaultValue, PartitionStrategy? uniqueEdges = null)
    {
        ArgumentNullException.ThrowIfNull(rawEdges);
        var graph = FromEdges(rawEdges.Map(pair => new Edge<int>(pair.Src, pair.Dst, 1)), defaultValue);
        return uniqueEdges is null ? graph : graph.PartitionBy(uniqueEdges).GroupEdges((a, b) => a + b);
    }
}

using Ember.Graph.Impl;

namespace Ember.Graph;

public sealed partial class Graph<TVertex, TEdge>
{
    /// <summary>
    /// Transforms every vertex attribute with <paramref name="map"/>, given the vertex id (GraphX's mapVertices). No
    /// shuffle; the edges and the vertex index are shared with this graph.
    /// </summary>
    public Graph<TVertex2, TEdge> MapVertices<TVertex2>(Func<long, TVertex, TVertex2> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var state = Index.ZipPartitions(State, (indexes, states) =>
        {
            var index = indexes.Single();
            var attrs = states.Single().Attrs;
            var mapped = new TVertex2[attrs.Length];
            for (var i = 0; i < mapped.Length; i++)
            {
                mapped[i] = map(index.Ids[i], attrs[i]);
            }
            return GraphBuilder.Single(new VertexState<TVertex2>(mapped, null));
        }, preservesPartitioning: true);
        return WithState(state);
    }

    /// <summary>Transforms every edge attribute with <paramref name="map"/>, given the whole edge (GraphX's mapEdges). No shuffle; vertices shared.</summary>
    public Graph<TVertex, TEdge2> MapEdges<TEdge2>(Func<Edge<TEdge>, TEdge2> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        return WithEdges(EdgePartitions.MapPartitions(parts => parts.Select(part =>
        {
            var attrs = new TEdge2[part.Count];
            for (var i = 0; i < attrs.Length; i++)
            {
                attrs[i] = map(new Edge<TEdge>(part.SrcId(i), part.DstId(i), part.Attrs[i]));
            }
            return part.WithAttrs(attrs);
        })));
    }

    /// <summary>
    /// Transforms every edge attribute with <paramref name="map"/>, given the triplet (GraphX's mapTriplets). Ships
    /// the vertex attributes <paramref name="tripletFields"/> names to the edge partitions (a shuffle, none when it
    /// names no vertex field); fields not named must not be read (unspecified, as GraphX). Vertices shared.
    /// </summary>
    public Graph<TVertex, TEdge2> MapTriplets<TEdge2>(Func<EdgeTriplet<TVertex, TEdge>, TEdge2> map, TripletFields tripletFields = TripletFields.All)
    {
        ArgumentNullException.ThrowIfNull(map);
        var view = View(tripletFields);
        var mapped = view is null
            ? EdgePartitions.MapPartitions(parts => parts.Select(part => MapPartitionTriplets(part, null, map)))
            : EdgePartitions.ZipPartitions(view, (parts, views) => GraphBuilder.Single(MapPartitionTriplets(parts.Single(), views.Single().Attrs, map)));
        return WithEdges(mapped);
    }

    /// <summary>Every edge turned around, attributes kept (GraphX's reverse). No shuffle; vertices shared.</summary>
    public Graph<TVertex, TEdge> Reverse()
    {
        var index = Index.MapPartitions(parts => parts.Select(part => part.WithRouting(part.Routing.Reversed())), preservesPartitioning: true);
        return new Graph<TVertex, TEdge>(index, State, EdgePartitions.MapPartitions(parts => parts.Select(part => part.Reverse())), VertexPartitioner, Layout);
    }

    /// <summary>
    /// The vertices for which <paramref name="vpred"/> holds and the edges for which <paramref name="epred"/> holds and
    /// both endpoints are kept (GraphX's subgraph; a null predicate keeps everything). Ships every vertex attribute to the
    /// edge partitions (a shuffle) and rebuilds the routing table (another); edges stay in their partitions.
    /// </summary>
    public Graph<TVertex, TEdge> Subgraph(Func<EdgeTriplet<TVertex, TEdge>, bool>? epred = null, Func<long, TVertex, bool>? vpred = null)
    {
        var keepVertex = vpred ?? ((_, _) => true);
        var marked = MapVertices((id, attr) => (Attr: attr, Keep: keepVertex(id, attr)));
        var keptVertices = marked.Vertices.Filter(vertex => vertex.Attr.Keep)
            .MapPartitions(records => records.Select(record => (record.Id, record.Attr.Attr)), preservesPartitioning: true);
        var keptEdges = EdgePartitions.ZipPartitions(marked.View(TripletFields.All)!, (parts, views) =>
        {
            var part = parts.Single();
            var attrs = views.Single().Attrs;
            return GraphBuilder.Single(part.Filter(i =>
            {
                var (src, dst) = (attrs[part.LocalSrc[i]], attrs[part.LocalDst[i]]);
                return src.Keep && dst.Keep
                    && (epred is null || epred(new EdgeTriplet<TVertex, TEdge>(part.SrcId(i), part.DstId(i), src.Attr, dst.Attr, part.Attrs[i])));
            }));
        });
        return GraphBuilder.Build(keptVertices, keptEdges, default(TVertex)!, VertexPartitioner);
    }

    /// <summary>
    /// The vertices and edges of this graph that are also in <paramref name="other"/>, with this graph's attributes
    /// (GraphX's mask). Vertices are matched by id (no shuffle when <paramref name="other"/>'s vertices are partitioned
    /// alike); edges by source and destination within the same partition, so, as GraphX, both graphs' edges must be
    /// partitioned the same way: true of a graph derived from this one (<see cref="Subgraph"/>, maps, joins, algorithms)
    /// or of two graphs given the same <see cref="PartitionBy"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The two graphs have different numbers of edge partitions.</exception>
    public Graph<TVertex, TEdge> Mask<TVertex2, TEdge2>(Graph<TVertex2, TEdge2> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.EdgePartitions.Partitions.Count != EdgePartitions.Partitions.Count)
        {
            throw new ArgumentException(
                $"Mask needs both graphs' edges partitioned alike: this graph has {EdgePartitions.Partitions.Count} edge partitions, the other {other.EdgePartitions.Partitions.Count}. " +
                "Give both the same PartitionBy.", nameof(other));
        }
        var otherIds = other.Vertices.MapPartitions(records => records.Select(record => (record.Id, true)), preservesPartitioning: true).PartitionBy(VertexPartitioner);
        var keptVertices = Vertices.ZipPartitions(otherIds, (records, ids) =>
        {
            var present = ids.Select(id => id.Key).ToHashSet();
            return records.Where(record => present.Contains(record.Id));
        }, preservesPartitioning: true);
        var keptEdges = EdgePartitions.ZipPartitions(other.EdgePartitions, (parts, otherParts) =>
        {
            var part = parts.Single();
            var otherPart = otherParts.Single();
            var present = new HashSet<(long, long)>();
            for (var i = 0; i < otherPart.Count; i++)
            {
                present.Add((otherPart.SrcId(i), otherPart.DstId(i)));
            }
            return GraphBuilder.Single(part.Filter(i => present.Contains((part.SrcId(i), part.DstId(i)))));
        });
        return GraphBuilder.Build(keptVertices, keptEdges, default(TVertex)!, VertexPartitioner);
    }

    /// <summary>
    /// Merges parallel edges (same source and destination) into one, combining their attributes with
    /// <paramref name="merge"/> (GraphX's groupEdges). Only edges in the same partition are merged, so call
    /// <see cref="PartitionBy"/> first to bring parallel edges together, as GraphX requires. No shuffle.
    /// </summary>
    public Graph<TVertex, TEdge> GroupEdges(Func<TEdge, TEdge, TEdge> merge)
    {
        ArgumentNullException.ThrowIfNull(merge);
        return WithEdges(EdgePartitions.MapPartitions(parts => parts.Select(part => part.GroupEdges(merge))));
    }

    /// <summary>
    /// Moves every edge to the partition <paramref name="partitionStrategy"/> gives it, among
    /// <paramref name="numPartitions"/> (default: as many as now), and rebuilds the edge partitions and routing table
    /// (GraphX's partitionBy). Shuffles the edges; vertices stay where they are.
    /// </summary>
    public Graph<TVertex, TEdge> PartitionBy(PartitionStrategy partitionStrategy, int? numPartitions = null)
    {
        ArgumentNullException.ThrowIfNull(partitionStrategy);
        var count = numPartitions ?? Math.Max(1, EdgePartitions.Partitions.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(numPartitions));
        var placed = Edges.Map(edge => (Key: partitionStrategy.GetPartition(edge.SrcId, edge.DstId, count), Value: edge))
            .PartitionBy(new PartitionIdPartitioner(count))
            .MapPartitions(records => GraphBuilder.Single(EdgePartition<TEdge>.Build(records.Select(record => record.Value).ToList())));
        return GraphBuilder.Build(Vertices, placed, default(TVertex)!, VertexPartitioner);
    }

    internal Graph<TVertex2, TEdge> WithState<TVertex2>(Rdd<VertexState<TVertex2>> state) => new(Index, state, EdgePartitions, VertexPartitioner, Layout);

    private Graph<TVertex, TEdge2> WithEdges<TEdge2>(Rdd<EdgePartition<TEdge2>> edgePartitions) => new(Index, State, edgePartitions, VertexPartitioner, Layout);

    private static EdgePartition<TEdge2> MapPartitionTriplets<TEdge2>(EdgePartition<TEdge> part, TVertex[]? attrs, Func<EdgeTriplet<TVertex, TEdge>, TEdge2> map)
    {
        var mapped = new TEdge2[part.Count];
        for (var i = 0; i < mapped.Length; i++)
        {
            var (src, dst) = (part.LocalSrc[i], part.LocalDst[i]);
            mapped[i] = map(new EdgeTriplet<TVertex, TEdge>(part.LocalToGlobal[src], part.LocalToGlobal[dst],
                attrs is null ? default! : attrs[src], attrs is null ? default! : attrs[dst], part.Attrs[i]));
        }
        return part.WithAttrs(mapped);
    }
}

using Ember.Graph.Impl;
using Ember.Partitioning;
using Ember.Storage;

namespace Ember.Graph;

/// <summary>
/// A property graph (GraphX's Graph): directed edges with attributes of type <typeparamref name="TEdge"/> between
/// vertices with attributes of type <typeparamref name="TVertex"/>, both held in RDDs. Immutable and lazy: every
/// operator returns a new graph and runs nothing until an action on one of its RDDs.
/// </summary>
/// <remarks>
/// <para>
/// Layout, as GraphX's: vertices are hash-partitioned by id; edges live in compact per-partition arrays (placed by
/// <see cref="PartitionBy"/>, else where the input RDD had them) with a routing table saying which edge partitions
/// need which vertex. Operators that read vertex attributes next to edges (<see cref="Triplets"/>,
/// <see cref="MapTriplets{TEdge2}"/>, <see cref="AggregateMessages{TMsg}"/>, <see cref="Pregel{TMsg}"/>) ship only the
/// attributes their <see cref="TripletFields"/> need, one block per pair of partitions (a shuffle); operators on
/// vertices alone (<see cref="MapVertices{TVertex2}"/>, joins with an RDD partitioned like <see cref="Vertices"/>)
/// do not shuffle and share the edges.
/// </para>
/// <para>
/// User functions run on worker threads, possibly at once and more than once (a failed task is retried): keep them
/// free of side effects. Call <see cref="Cache"/> on a graph used by more than one action.
/// </para>
/// </remarks>
public sealed partial class Graph<TVertex, TEdge>
{
    private readonly Lock gate = new();
    private readonly Rdd<VertexView<TVertex>>?[] views = new Rdd<VertexView<TVertex>>?[4];
    private readonly Lazy<long> numVertices;
    private readonly Lazy<long> numEdges;
    private readonly Lazy<Rdd<(long Id, TVertex Attr)>> vertices;
    private readonly Lazy<Rdd<Edge<TEdge>>> edges;
    private readonly Lazy<Rdd<(long Id, int Degree)>> inDegrees;
    private readonly Lazy<Rdd<(long Id, int Degree)>> outDegrees;
    private readonly Lazy<Rdd<(long Id, int Degree)>> degrees;
    private StorageLevel storageLevel = StorageLevel.None;

    internal Graph(Rdd<VertexIndex> index, Rdd<VertexState<TVertex>> state, Rdd<EdgePartition<TEdge>> edgePartitions, IPartitioner vertexPartitioner, object layout)
    {
        Index = index;
        State = state;
        EdgePartitions = edgePartitions;
        VertexPartitioner = vertexPartitioner;
        Layout = layout;
        vertices = new(() => Index.ZipPartitions(State, (indexes, states) => VertexRecords(indexes.Single(), states.Single()), preservesPartitioning: true));
        edges = new(() => EdgePartitions.FlatMap(part => part.Edges()));
        numVertices = new(() => Index.Map(part => (long)part.Count).Fold(0L, (a, b) => a + b));
        numEdges = new(() => EdgePartitions.Map(part => (long)part.Count).Fold(0L, (a, b) => a + b));
        inDegrees = new(() => AggregateMessages<int>(context => context.SendToDst(1), (a, b) => a + b, TripletFields.None));
        outDegrees = new(() => AggregateMessages<int>(context => context.SendToSrc(1), (a, b) => a + b, TripletFields.None));
        degrees = new(() => AggregateMessages<int>(context => { context.SendToSrc(1); context.SendToDst(1); }, (a, b) => a + b, TripletFields.None));
    }

    /// <summary>The context the graph's RDDs belong to.</summary>
    public EmberContext Context => State.Context;

    /// <summary>
    /// The vertices with their attributes, one record per vertex id, partitioned by the graph's vertex partitioner (so
    /// joining an RDD partitioned the same way needs no shuffle). No shuffle of its own.
    /// </summary>
    public Rdd<(long Id, TVertex Attr)> Vertices => vertices.Value;

    /// <summary>The edges, from their compact partitions, in (source, destination) order within each partition. No shuffle.</summary>
    public Rdd<Edge<TEdge>> Edges => edges.Value;

    /// <summary>
    /// Every edge with both endpoints' attributes, a new <see cref="EdgeTriplet{TVertex, TEdge}"/> per edge (GraphX's
    /// triplets). Ships every vertex attribute to the edge partitions that need it (a shuffle of one block per pair of
    /// partitions).
    /// </summary>
    public Rdd<EdgeTriplet<TVertex, TEdge>> Triplets =>
        EdgePartitions.ZipPartitions(View(TripletFields.All)!, (parts, views) => TripletsOf(parts.Single(), views.Single().Attrs));

    /// <summary>The number of vertices; counted once, by a job, the first time it is read.</summary>
    public long NumVertices => numVertices.Value;

    /// <summary>The number of edges; counted once, by a job, the first time it is read.</summary>
    public long NumEdges => numEdges.Value;

    /// <summary>The in-degree of every vertex with at least one incoming edge (others are absent, as GraphX). Shuffles, by an AggregateMessages; built once.</summary>
    public Rdd<(long Id, int Degree)> InDegrees => inDegrees.Value;

    /// <summary>The out-degree of every vertex with at least one outgoing edge (others are absent). Shuffles; built once.</summary>
    public Rdd<(long Id, int Degree)> OutDegrees => outDegrees.Value;

    /// <summary>The degree (in plus out; a self-loop counts twice) of every vertex with an edge (others are absent). Shuffles; built once.</summary>
    public Rdd<(long Id, int Degree)> Degrees => degrees.Value;

    internal Rdd<VertexIndex> Index { get; }

    internal Rdd<VertexState<TVertex>> State { get; }

    internal Rdd<EdgePartition<TEdge>> EdgePartitions { get; }

    internal IPartitioner VertexPartitioner { get; }

    /// <summary>Shared by every graph whose vertex partitions hold the same ids at the same positions.</summary>
    internal object Layout { get; }

    /// <summary>Same as <c>Persist(StorageLevel.MemoryOnly)</c>.</summary>
    public Graph<TVertex, TEdge> Cache() => Persist(StorageLevel.MemoryOnly);

    /// <summary>
    /// Keeps the vertices, the edges and the vertex attributes shipped to edge partitions at <paramref name="level"/>
    /// the first time an action computes them (GraphX's persist). Parts already persisted at another level keep theirs.
    /// </summary>
    public Graph<TVertex, TEdge> Persist(StorageLevel level = StorageLevel.MemoryOnly)
    {
        if (level == StorageLevel.None)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "Use Unpersist to stop persisting.");
        }
        lock (gate)
        {
            storageLevel = level;
            PersistIfNot(State, level);
            PersistIfNot(Index, level);
            PersistIfNot(EdgePartitions, level);
            foreach (var view in views)
            {
                PersistIfNot(view, level);
            }
        }
        return this;
    }

    /// <summary>
    /// Drops the kept vertex attributes and shipped views of this graph (GraphX's unpersistVertices). The edges stay
    /// kept: graphs derived from this one share them, and iterations rely on that.
    /// </summary>
    public Graph<TVertex, TEdge> Unpersist()
    {
        lock (gate)
        {
            storageLevel = StorageLevel.None;
            State.Unpersist();
            foreach (var view in views)
            {
                view?.Unpersist();
            }
        }
        return this;
    }

    /// <summary>
    /// Marks the vertices and edges for a reliable checkpoint (GraphX's checkpoint): the next action that computes them
    /// writes them under the context's checkpoint directory and cuts their lineage, so later jobs read the files.
    /// Persist the graph first, or the write computes it again.
    /// </summary>
    /// <exception cref="InvalidOperationException">No checkpoint directory was set with <see cref="EmberContext.SetCheckpointDir"/>.</exception>
    public void Checkpoint()
    {
        State.Checkpoint();
        Index.Checkpoint();
        EdgePartitions.Checkpoint();
    }

    /// <summary>The attributes shipped for <paramref name="fields"/> (a view with more fields serves); null when no vertex attribute is read.</summary>
    internal Rdd<VertexView<TVertex>>? View(TripletFields fields)
    {
        var flags = RoutingTable.FlagsFor(fields);
        if (flags == 0)
        {
            return null;
        }
        lock (gate)
        {
            var view = views[RoutingTable.SrcFlag | RoutingTable.DstFlag] ?? views[flags];
            if (view is null)
            {
                view = ReplicatedViews.Ship(Index, State, EdgePartitions, flags, withActive: false);
                if (storageLevel != StorageLevel.None)
                {
                    view.Persist(storageLevel);
                }
                views[flags] = view;
            }
            return view;
        }
    }

    private static void PersistIfNot<T>(Rdd<T>? rdd, StorageLevel level)
    {
        if (rdd is not null && rdd.StorageLevel == StorageLevel.None)
        {
            rdd.Persist(level);
        }
    }

    private static IEnumerable<(long Id, TVertex Attr)> VertexRecords(VertexIndex index, VertexState<TVertex> state)
    {
        for (var i = 0; i < index.Count; i++)
        {
            yield return (index.Ids[i], state.Attrs[i]);
        }
    }

    private static IEnumerable<EdgeTriplet<TVertex, TEdge>> TripletsOf(EdgePartition<TEdge> part, TVertex[] attrs)
    {
        for (var i = 0; i < part.Count; i++)
        {
            var src = part.LocalSrc[i];
            var dst = part.LocalDst[i];
            yield return new EdgeTriplet<TVertex, TEdge>(part.LocalToGlobal[src], part.LocalToGlobal[dst], attrs[src], attrs[dst], part.Attrs[i]);
        }
    }
}

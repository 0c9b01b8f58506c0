using Ember.Graph.Impl;

namespace Ember.Graph;

public sealed partial class Graph<TVertex, TEdge>
{
    /// <summary>
    /// Runs <paramref name="sendMsg"/> on every edge, which may send messages to either endpoint through its
    /// <see cref="EdgeContext{TVertex, TEdge, TMsg}"/>, and merges the messages each vertex receives with
    /// <paramref name="mergeMsg"/> (associative and commutative) (GraphX's aggregateMessages). Returns one record per
    /// vertex that received a message, partitioned like <see cref="Vertices"/>, so joining it back
    /// (<see cref="OuterJoinVertices{TOther, TVertex2}"/>) needs no shuffle.
    /// </summary>
    /// <remarks>
    /// Ships the vertex attributes <paramref name="tripletFields"/> names to the edge partitions (nothing for
    /// <see cref="TripletFields.None"/> or <see cref="TripletFields.EdgeOnly"/>), then one block of merged messages
    /// per pair of edge and vertex partitions: two shuffles of blocks at most. Fields not named must not
    /// be read (unspecified, as GraphX). The context is reused from edge to edge: sending allocates nothing.
    /// </remarks>
    public Rdd<(long Id, TMsg Msg)> AggregateMessages<TMsg>(
        Action<EdgeContext<TVertex, TEdge, TMsg>> sendMsg, Func<TMsg, TMsg, TMsg> mergeMsg, TripletFields tripletFields = TripletFields.All)
    {
        ArgumentNullException.ThrowIfNull(sendMsg);
        ArgumentNullException.ThrowIfNull(mergeMsg);
        var structured = MessageAggregation.Aggregate(EdgePartitions, View(tripletFields), Index, VertexPartitioner, sendMsg, mergeMsg);
        return new MessagesRdd<TMsg>(Index, structured, VertexPartitioner, Layout);
    }

    /// <summary>
    /// The ids of every vertex's neighbours in <paramref name="edgeDirection"/> (GraphX's collectNeighborIds): every
    /// vertex appears, with an empty array when it has none; a neighbour linked by several edges appears as often.
    /// Shuffles once (the ids travel as messages).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="edgeDirection"/> is <see cref="EdgeDirection.Both"/> (as GraphX: use Either).</exception>
    public Rdd<(long Id, long[] Neighbors)> CollectNeighborIds(EdgeDirection edgeDirection)
    {
        Action<EdgeContext<TVertex, TEdge, long[]>> send = edgeDirection switch
        {
            EdgeDirection.In => context => context.SendToDst([context.SrcId]),
            EdgeDirection.Out => context => context.SendToSrc([context.DstId]),
            EdgeDirection.Either => context => { context.SendToSrc([context.DstId]); context.SendToDst([context.SrcId]); },
            _ => throw BothNotSupported(edgeDirection),
        };
        return WithEveryVertex(AggregateMessages(send, Concat, TripletFields.None), []);
    }

    /// <summary>
    /// The ids and attributes of every vertex's neighbours in <paramref name="edgeDirection"/> (GraphX's
    /// collectNeighbors): every vertex appears, with an empty array when it has none. Ships the neighbours' attributes
    /// to the edge partitions, then shuffles them to the vertices.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="edgeDirection"/> is <see cref="EdgeDirection.Both"/> (as GraphX: use Either).</exception>
    public Rdd<(long Id, (long Id, TVertex Attr)[] Neighbors)> CollectNeighbors(EdgeDirection edgeDirection)
    {
        var (send, fields) = edgeDirection switch
        {
            EdgeDirection.In => ((Action<EdgeContext<TVertex, TEdge, (long, TVertex)[]>>)(context => context.SendToDst([(context.SrcId, context.SrcAttr)])), TripletFields.Src),
            EdgeDirection.Out => (context => context.SendToSrc([(context.DstId, context.DstAttr)]), TripletFields.Dst),
            EdgeDirection.Either => (context =>
            {
                context.SendToSrc([(context.DstId, context.DstAttr)]);
                context.SendToDst([(context.SrcId, context.SrcAttr)]);
            }, TripletFields.Src | TripletFields.Dst),
            _ => throw BothNotSupported(edgeDirection),
        };
        return WithEveryVertex(AggregateMessages(send, Concat, fields), []);
    }

    private Rdd<(long Id, T Value)> WithEveryVertex<T>(Rdd<(long Id, T Msg)> messages, T missing)
    {
        var structured = ((MessagesRdd<T>)messages).Structured;
        return Index.ZipPartitions(structured, (indexes, parts) =>
        {
            var index = indexes.Single();
            var values = parts.Single();
            return Enumerable.Range(0, index.Count).Select(i => (index.Ids[i], values.Received[i] ? values.Values[i] : missing));
        }, preservesPartitioning: true);
    }

    private static T[] Concat<T>(T[] first, T[] second) => [.. first, .. second];

    private static ArgumentOutOfRangeException BothNotSupported(EdgeDirection edgeDirection) =>
        new(nameof(edgeDirection), edgeDirection, "Collecting neighbours does not support EdgeDirection.Both; use EdgeDirection.Either.");
}

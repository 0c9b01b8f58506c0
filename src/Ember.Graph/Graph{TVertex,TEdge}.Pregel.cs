using Ember.Graph.Impl;

namespace Ember.Graph;

public sealed partial class Graph<TVertex, TEdge>
{
    /// <summary>
    /// Runs a vertex-centric computation in supersteps (GraphX's Pregel): first every vertex runs
    /// <paramref name="vprog"/> with <paramref name="initialMsg"/> and <paramref name="sendMsg"/> runs on every edge;
    /// then, each superstep, only the vertices that received messages run <paramref name="vprog"/> with their merged
    /// message (<paramref name="mergeMsg"/>, associative and commutative), and <paramref name="sendMsg"/> runs only on
    /// the edges whose endpoints received one as <paramref name="activeDirection"/> says (<see cref="EdgeDirection.Out"/>:
    /// the source; <see cref="EdgeDirection.In"/>: the destination; <see cref="EdgeDirection.Either"/>: either;
    /// <see cref="EdgeDirection.Both"/>: both). Stops when no message is sent or after <paramref name="maxIterations"/>
    /// supersteps. <paramref name="sendMsg"/> returns (vertex id, message) pairs addressed to the edge's endpoints.
    /// </summary>
    /// <remarks>
    /// Eager: runs one job per superstep (counting the messages), each shipping the vertex attributes to the edge
    /// partitions and the messages back (two shuffles of blocks). Every superstep's vertices and messages are kept in
    /// memory until the next one's are computed. The lineage is cut every <c>spark.graphx.pregel.checkpointInterval</c>
    /// supersteps (a setting in <see cref="EmberOptions.Settings"/>; default 10, 0 or less never): a reliable checkpoint
    /// when the context has a checkpoint directory, else a local one, so hundreds of supersteps neither recompute from the
    /// start nor deepen the stack.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="sendMsg"/> addressed a message to a vertex that is not an endpoint of the edge.</exception>
    public Graph<TVertex, TEdge> Pregel<TMsg>(
        TMsg initialMsg,
        int maxIterations,
        EdgeDirection activeDirection,
        Func<long, TVertex, TMsg, TVertex> vprog,
        Func<EdgeTriplet<TVertex, TEdge>, IEnumerable<(long Id, TMsg Msg)>> sendMsg,
        Func<TMsg, TMsg, TMsg> mergeMsg)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        ArgumentNullException.ThrowIfNull(vprog);
        ArgumentNullException.ThrowIfNull(sendMsg);
        ArgumentNullException.ThrowIfNull(mergeMsg);
        var stateCheckpointer = PeriodicCheckpointer.For(Context);
        var messageCheckpointer = PeriodicCheckpointer.For(Context);
        Action<EdgeContext<TVertex, TEdge, TMsg>> send = context => Send(context, sendMsg);

        var graph = MapVertices((id, attr) => vprog(id, attr, initialMsg));
        graph.State.Persist();
        stateCheckpointer.Update(graph.State);
        var messages = MessageAggregation.Aggregate(EdgePartitions, graph.View(TripletFields.All), Index, VertexPartitioner, send, mergeMsg).Persist();
        messageCheckpointer.Update(messages);
        var activeMessages = CountMessages(messages);
        for (var iteration = 0; activeMessages > 0 && iteration < maxIterations; iteration++)
        {
            var previous = graph;
            var previousMessages = messages;
            graph = graph.WithState(RunVertexProgram(graph, messages, vprog).Persist());
            stateCheckpointer.Update(graph.State);
            var view = ReplicatedViews.Ship(Index, graph.State, EdgePartitions, RoutingTable.SrcFlag | RoutingTable.DstFlag, withActive: true);
            messages = MessageAggregation.Aggregate(EdgePartitions, view, Index, VertexPartitioner, send, mergeMsg, activeDirection).Persist();
            messageCheckpointer.Update(messages);
            activeMessages = CountMessages(messages);
            previousMessages.Unpersist();
            previous.State.Unpersist();
        }
        messages.Unpersist();
        return graph;
    }

    private static void Send<TMsg>(EdgeContext<TVertex, TEdge, TMsg> context, Func<EdgeTriplet<TVertex, TEdge>, IEnumerable<(long Id, TMsg Msg)>> sendMsg)
    {
        foreach (var (id, msg) in sendMsg(context.ToEdgeTriplet()))
        {
            if (id == context.SrcId)
            {
                context.SendToSrc(msg);
            }
            else if (id == context.DstId)
            {
                context.SendToDst(msg);
            }
            else
            {
                throw new InvalidOperationException($"Pregel's sendMsg addressed a message to vertex {id}, not an endpoint of edge {context.SrcId} -> {context.DstId}.");
            }
        }
    }

    /// <summary>The next superstep's vertices: those with a message run the program and are marked active, the others are kept.</summary>
    private static Rdd<VertexState<TVertex>> RunVertexProgram<TMsg>(Graph<TVertex, TEdge> graph, Rdd<VertexMessages<TMsg>> messages, Func<long, TVertex, TMsg, TVertex> vprog) =>
        graph.Index
            .ZipPartitions(graph.State, (indexes, states) => GraphBuilder.Single((Index: indexes.Single(), State: states.Single())), preservesPartitioning: true)
            .ZipPartitions(messages, (parts, received) =>
            {
                var (index, state) = parts.Single();
                var inbox = received.Single();
                var attrs = (TVertex[])state.Attrs.Clone();
                for (var i = 0; i < attrs.Length; i++)
                {
                    if (inbox.Received[i])
                    {
                        attrs[i] = vprog(index.Ids[i], attrs[i], inbox.Values[i]);
                    }
                }
                return GraphBuilder.Single(new VertexState<TVertex>(attrs, inbox.Received));
            }, preservesPartitioning: true);

    private static long CountMessages<TMsg>(Rdd<VertexMessages<TMsg>> messages) => messages.Map(part => (long)part.Count).Fold(0L, (a, b) => a + b);
}

using Ember.Graph.Impl;

namespace Ember.Graph;

/// <summary>
/// Strongly connected components, as GraphX's <c>lib.StronglyConnectedComponents</c>: every vertex is labelled with
/// the lowest vertex id of its strongly connected component (the vertices it can reach and be reached from).
/// </summary>
public static class StronglyConnectedComponents
{
    /// <summary>
    /// Computes the SCC of each vertex by GraphX's method. Each of up to <paramref name="numIter"/> rounds first trims,
    /// repeatedly, the vertices with no in-edge or no out-edge left (each is its own SCC), then colours the rest with the
    /// smallest id that reaches them (a forward <see cref="Graph{TVertex, TEdge}.Pregel{TMsg}"/>) and marks final every
    /// vertex that reaches its colour's root over same-coloured vertices (a backward Pregel); those form the root's
    /// SCC and leave the work graph. Vertices not settled when the rounds run out keep their own id, so
    /// <paramref name="numIter"/> must exceed the number of non-trivial SCCs nested behind one another. Every round
    /// runs several jobs (degree counts, vertex counts) and two Pregel runs.
    /// </summary>
    /// <param name="graph">The graph; vertex attributes are discarded, edge attributes kept.</param>
    /// <param name="numIter">The most rounds, at least 1.</param>
    /// <returns>The graph with each vertex's SCC id (the lowest vertex id in its SCC).</returns>
    public static Graph<long, TE> Run<TV, TE>(Graph<TV, TE> graph, int numIter)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numIter);

        // the graph updated with final SCC ids, returned at the end, and the graph the rounds work on
        var sccGraph = graph.MapVertices((vid, _) => vid).Cache();
        var sccWorkGraph = graph.MapVertices((vid, _) => (Color: vid, IsFinal: false)).Cache();

        var checkpointer = PeriodicCheckpointer.For(graph.Context);
        var existColorVertex = false;
        var iter = 0;
        while (sccWorkGraph.NumVertices > 0 && iter < numIter)
        {
            iter++;
            long numVertices;
            do
            {
                numVertices = sccWorkGraph.NumVertices;
                var labeled = existColorVertex ? sccWorkGraph : MarkTrivial(sccWorkGraph);
                if (existColorVertex)
                {
                    // write the colours settled by the last round's backward pass into the result
                    var finalVertices = labeled.Vertices.Filter(v => v.Attr.IsFinal).Map(v => (v.Id, v.Attr.Color));
                    var previous = sccGraph;
                    sccGraph = sccGraph.OuterJoinVertices(finalVertices, (_, scc, opt) => opt.GetValueOrDefault(scc)).Cache();
                    checkpointer.Update(sccGraph.State);
                    sccGraph.Vertices.Count();
                    previous.Unpersist();
                    existColorVertex = false;
                }
                var previousWork = sccWorkGraph;
                sccWorkGraph = labeled.Subgraph(vpred: (_, data) => !data.IsFinal).Cache();
                sccWorkGraph.Edges.Count();
                previousWork.Unpersist();
            }
            while (sccWorkGraph.NumVertices < numVertices);

            // In the last round the result would not be written back, so the Pregel runs would be wasted.
            if (iter < numIter)
            {
                sccWorkGraph = ColorAndSettle(sccWorkGraph);
                existColorVertex = true;
            }
        }
        sccWorkGraph.Unpersist();
        return sccGraph;
    }

    // A vertex without both an in-edge and an out-edge inside the work graph is an SCC on its own: final, coloured itself.
    private static Graph<(long Color, bool IsFinal), TE> MarkTrivial<TE>(Graph<(long Color, bool IsFinal), TE> work)
    {
        var both = work.OutDegrees.Union(work.InDegrees).MapValues(_ => 1).ReduceByKey((a, b) => a + b).Filter(d => d.Value == 2);
        return work.OuterJoinVertices(both, (vid, data, degreeOpt) => degreeOpt.HasValue ? data : (vid, true)).Cache();
    }

    private static Graph<(long Color, bool IsFinal), TE> ColorAndSettle<TE>(Graph<(long Color, bool IsFinal), TE> work)
    {
        var phase1 = work.MapVertices((vid, data) => (Color: vid, data.IsFinal));

        // forward: every vertex takes the smallest colour that reaches it
        var phase2 = phase1.Pregel(long.MaxValue, int.MaxValue, EdgeDirection.Out,
            (_, myScc, neighborScc) => (Math.Min(myScc.Color, neighborScc), myScc.IsFinal),
            e => e.SrcAttr.Color < e.DstAttr.Color ? [(e.DstId, e.SrcAttr.Color)] : (IEnumerable<(long, long)>)[],
            Math.Min);

        // backward from each colour's root: a vertex is final if it is the root or a same-coloured successor is final
        var settled = phase2.Pregel(false, int.MaxValue, EdgeDirection.In,
            (vid, myScc, existsSameColorFinalNeighbor) =>
                (myScc.Color, myScc.IsFinal || vid == myScc.Color || existsSameColorFinalNeighbor),
            e => e.DstAttr.Color == e.SrcAttr.Color && e.DstAttr.IsFinal && !e.SrcAttr.IsFinal
                ? [(e.SrcId, true)] : (IEnumerable<(long, bool)>)[],
            (final1, final2) => final1 || final2).Cache();
        settled.Edges.Count();
        work.Unpersist();
        return settled;
    }
}


namespace Ember.Graph;

/// <summary>
/// Triangle counting, as GraphX's <c>lib.TriangleCount</c>: for each vertex, the number of triangles it belongs to.
/// Edge directions, duplicate edges and self-loops are ignored (the graph is canonicalized first).
/// </summary>
public static class TriangleCount
{
    /// <summary>
    /// Counts, for each vertex, the triangles through it. The edges are first canonicalized (self-loops dropped, each
    /// edge oriented from the smaller id to the larger, duplicates merged: one shuffle); then each vertex's neighbour set
    /// is collected (one shuffle) and every edge counts the neighbours its two ends share (one message shuffle). Memory
    /// per vertex grows with its degree.
    /// </summary>
    /// <param name="graph">The graph; vertex attributes are discarded, edges kept as they are in the result.</param>
    /// <returns>The original graph with each vertex's triangle count (0 for vertices in no triangle).</returns>
    public static Graph<int, TE> Run<TV, TE>(Graph<TV, TE> graph)
    {
        ArgumentNullException.ThrowIfNull(graph);
        // Transform the edge data to something cheap to shuffle, then canonicalize.
        var canonicalGraph = Canonicalize(graph.MapEdges(_ => true));
        var counters = RunPreCanonicalized(canonicalGraph).Vertices;
        return graph.OuterJoinVertices(counters, (_, _, optCounter) => optCounter.GetValueOrDefault(0));
    }

    /// <summary>Triangle counts of a graph whose edges are already canonical: src &lt; dst, no duplicates, no self-loops.</summary>
    internal static Graph<int, TE> RunPreCanonicalized<TV, TE>(Graph<TV, TE> graph)
    {
        // Each vertex's distinct neighbours, sorted so that two sets intersect in one merge pass.
        var nbrSets = graph.CollectNeighborIds(EdgeDirection.Either)
            .Map(v => (v.Id, Neighbors: v.Neighbors.Where(n => n != v.Id).Distinct().Order().ToArray()));
        var setGraph = graph.OuterJoinVertices(nbrSets, (_, _, optSet) => optSet.GetValueOrDefault([]));

        static void EdgeFunc(EdgeContext<long[], TE, int> ctx)
        {
            var counter = CountCommon(ctx.SrcAttr, ctx.DstAttr, ctx.SrcId, ctx.DstId);
            ctx.SendToSrc(counter);
            ctx.SendToDst(counter);
        }

        var counters = setGraph.AggregateMessages<int>(EdgeFunc, (a, b) => a + b);
        // Each triangle is seen from two of a vertex's edges, so every count is even and halved.
        return graph.OuterJoinVertices(counters, (vid, _, optCounter) =>
        {
            var dblCount = optCounter.GetValueOrDefault(0);
            if (dblCount % 2 != 0)
                throw new InvalidOperationException($"Triangle count resulted in an invalid number of triangles ({dblCount} at vertex {vid}): the edges were not canonical.");
            return dblCount / 2;
        });
    }

    // GraphX's convertToCanonicalEdges after removeSelfEdges, on the edge RDD directly (no triplet join needed).
    private static Graph<TV, bool> Canonicalize<TV>(Graph<TV, bool> graph)
    {
        var newEdges = graph.Edges
            .Filter(e => e.SrcId != e.DstId)
            .Map(e => (Key: e.SrcId < e.DstId ? (e.SrcId, e.DstId) : (e.DstId, e.SrcId), Value: e.Attr))
            .ReduceByKey((a, _) => a)
            .Map(e => new Edge<bool>(e.Key.Item1, e.Key.Item2, e.Value));
        return Graph.Create<TV, bool>(graph.Vertices, newEdges, default!);
    }

    private static int CountCommon(long[] a, long[] b, long srcId, long dstId)
    {
        var (i, j, counter) = (0, 0, 0);
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j])
                i++;
            else if (a[i] > b[j])
                j++;
            else
            {
                if (a[i] != srcId && a[i] != dstId)
                    counter++;
                i++;
                j++;
            }
        }
        return counter;
    }
}

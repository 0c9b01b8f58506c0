namespace Ember.Graph;

/// <summary>
/// Connected components, as GraphX's <c>lib.ConnectedComponents</c>: edge directions are ignored, and every vertex is
/// labelled with the lowest vertex id of its component.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>
    /// Labels each vertex with the smallest vertex id reachable from it over edges taken in either direction. Runs on
    /// <see cref="Graph{TVertex, TEdge}.Pregel{TMsg}"/> (active direction <see cref="EdgeDirection.Either"/>): each
    /// superstep, an edge whose endpoints disagree sends the smaller label to the other end; it stops when no label
    /// changes or after <paramref name="maxIterations"/> supersteps (then labels may not yet be minimal). The number of
    /// supersteps is about the largest component's diameter; each is one message shuffle and one vertex join.
    /// </summary>
    /// <param name="graph">The graph; vertex attributes are discarded, edge attributes kept.</param>
    /// <param name="maxIterations">The most supersteps to run, at least 1; by default until convergence.</param>
    /// <returns>The graph with each vertex's component id (the lowest vertex id in its component).</returns>
    public static Graph<long, TE> Run<TV, TE>(Graph<TV, TE> graph, int maxIterations = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxIterations);
        var ccGraph = graph.MapVertices((vid, _) => vid);

        static IEnumerable<(long Id, long Msg)> SendMessage(EdgeTriplet<long, TE> edge)
        {
            if (edge.SrcAttr < edge.DstAttr)
                return [(edge.DstId, edge.SrcAttr)];
            if (edge.SrcAttr > edge.DstAttr)
                return [(edge.SrcId, edge.DstAttr)];
            return [];
        }

        return ccGraph.Pregel(long.MaxValue, maxIterations, EdgeDirection.Either,
            vprog: (_, attr, msg) => Math.Min(attr, msg), sendMsg: SendMessage, mergeMsg: Math.Min);
    }
}

using Ember.Graph.Impl;

namespace Ember.Graph;

/// <summary>
/// PageRank, as GraphX's <c>org.apache.spark.graphx.lib.PageRank</c> (Spark 3.x): a static version that runs a fixed
/// number of iterations, a dynamic version that runs until every vertex's rank changes by at most a tolerance, and a
/// personalized variant of each where the random jump always lands on one source vertex.
/// </summary>
/// <remarks>
/// <para>The fixed point computed, with <c>alpha</c> the reset probability and <c>outDeg[j]</c> the out-degree of <c>j</c>:
/// <c>PR[i] = alpha + (1 - alpha) * sum over in-neighbours j of PR[j] / outDeg[j]</c> (personalized: the <c>alpha</c> term
/// only at the source). As in Spark 3.x (SPARK-18847) the result is then rescaled so that the ranks sum to the number of
/// vertices (personalized: to 1), which corrects for the mass that sinks (vertices without out-edges) lose.</para>
/// <para>Every returned graph has the rank as vertex attribute and <c>1 / outDegree(src)</c> as edge attribute.
/// Each iteration is one <see cref="Graph{TVertex, TEdge}.AggregateMessages{TMsg}"/> and one vertex join (shuffles);
/// the static version caches each iteration's graph, releases the previous one and cuts the lineage every
/// <c>spark.graphx.pregel.checkpointInterval</c> iterations (default 10) as Pregel does; the sum for the final rescaling
/// is one more job.</para>
/// </remarks>
public static class PageRank
{
    /// <summary>Static PageRank: <paramref name="numIter"/> iterations, every vertex starting at rank 1.</summary>
    /// <param name="graph">The graph; its attributes are not used.</param>
    /// <param name="numIter">Number of iterations, at least 1.</param>
    /// <param name="resetProb">Random reset probability (GraphX's <c>alpha</c>), in [0, 1].</param>
    /// <returns>Ranks summing to the number of vertices; edge attributes are the normalised weights.</returns>
    public static Graph<double, double> Run<TV, TE>(Graph<TV, TE> graph, int numIter, double resetProb = 0.15) =>
        RunWithOptions(graph, numIter, resetProb);

    /// <summary>Dynamic PageRank: runs until no vertex's rank changes by more than <paramref name="tol"/>.</summary>
    /// <param name="graph">The graph; its attributes are not used.</param>
    /// <param name="tol">Convergence tolerance, non-negative (smaller is more accurate and takes more iterations).</param>
    /// <param name="resetProb">Random reset probability, in [0, 1].</param>
    /// <returns>Ranks summing to the number of vertices.</returns>
    public static Graph<double, double> RunUntilConvergence<TV, TE>(Graph<TV, TE> graph, double tol, double resetProb = 0.15) =>
        RunUntilConvergenceWithOptions(graph, tol, resetProb);

    /// <summary>
    /// Static PageRank, personalized to <paramref name="srcId"/> when given: then only the source starts at rank 1
    /// (the others at 0) and the reset always returns to it.
    /// </summary>
    /// <param name="graph">The graph; its attributes are not used.</param>
    /// <param name="numIter">Number of iterations, at least 1.</param>
    /// <param name="resetProb">Random reset probability, in [0, 1].</param>
    /// <param name="srcId">The personalization source, or null for ordinary PageRank.</param>
    /// <returns>Ranks summing to the number of vertices, or to 1 when personalized.</returns>
    public static Graph<double, double> RunWithOptions<TV, TE>(Graph<TV, TE> graph, int numIter, double resetProb = 0.15, long? srcId = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(numIter);
        CheckArguments(graph, resetProb);
        var personalized = srcId.HasValue;
        var src = srcId.GetValueOrDefault();

        // Each edge weighs 1/outDegree(src); each vertex starts at 1.0 (personalized: only the source does).
        var rankGraph = WeightedByOutDegree(graph)
            .MapVertices((id, _) => !personalized || id == src ? 1.0 : 0.0);

        // Cuts the lineage every few iterations, as Pregel does, so long runs neither recompute from the start nor nest deeper.
        var checkpointer = PeriodicCheckpointer.For(graph.Context);
        var iteration = 0;
        while (iteration < numIter)
        {
            rankGraph.Cache();
            var rankUpdates = rankGraph.AggregateMessages<double>(
                ctx => ctx.SendToDst(ctx.SrcAttr * ctx.Attr), (a, b) => a + b, TripletFields.Src);
            var prevRankGraph = rankGraph;
            rankGraph = rankGraph.OuterJoinVertices(rankUpdates,
                (id, _, msgSum) => ResetMass(personalized, src, id, resetProb) + (1.0 - resetProb) * msgSum.GetValueOrDefault(0.0))
                .Cache();
            checkpointer.Update(rankGraph.State);
            rankGraph.Vertices.Count();   // materializes this iteration before the previous one is released
            prevRankGraph.Unpersist();
            iteration++;
        }
        return NormalizeRankSum(rankGraph, personalized);
    }

    /// <summary>
    /// Dynamic PageRank, personalized to <paramref name="srcId"/> when given. A vertex sends its rank's last change
    /// (times the edge weight) along its out-edges while that change exceeds <paramref name="tol"/>; it runs on
    /// <see cref="Graph{TVertex, TEdge}.Pregel{TMsg}"/> with active direction <see cref="EdgeDirection.Out"/> until no
    /// vertex sends.
    /// </summary>
    /// <param name="graph">The graph; its attributes are not used.</param>
    /// <param name="tol">Convergence tolerance, non-negative.</param>
    /// <param name="resetProb">Random reset probability, in [0, 1).</param>
    /// <param name="srcId">The personalization source, or null for ordinary PageRank.</param>
    /// <returns>Ranks summing to the number of vertices, or to 1 when personalized.</returns>
    public static Graph<double, double> RunUntilConvergenceWithOptions<TV, TE>(
        Graph<TV, TE> graph, double tol, double resetProb = 0.15, long? srcId = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tol);
        CheckArguments(graph, resetProb);
        var personalized = srcId.HasValue;
        var src = srcId.GetValueOrDefault();

        // Vertex attribute: (rank, last change). The source's change starts at -infinity so that the personalized
        // vertex program can tell its first run and set the source's rank to 1.
        var pagerankGraph = WeightedByOutDegree(graph)
            .MapVertices((id, _) => personalized && id == src ? (Rank: 0.0, Delta: double.NegativeInfinity) : (Rank: 0.0, Delta: 0.0))
            .Cache();

        (double Rank, double Delta) VertexProgram(long id, (double Rank, double Delta) attr, double msgSum)
        {
            var newPr = personalized && double.IsNegativeInfinity(attr.Delta) ? 1.0 : attr.Rank + (1.0 - resetProb) * msgSum;
            return (newPr, newPr - attr.Rank);
        }

        IEnumerable<(long Id, double Msg)> SendMessage(EdgeTriplet<(double Rank, double Delta), double> edge) =>
            edge.SrcAttr.Delta > tol ? [(edge.DstId, edge.SrcAttr.Delta * edge.Attr)] : [];

        // Non-personalized: every vertex's first run gets resetProb / (1 - resetProb), which the program turns into resetProb.
        var initialMessage = personalized ? 0.0 : resetProb / (1.0 - resetProb);
        var rankGraph = pagerankGraph
            .Pregel(initialMessage, int.MaxValue, EdgeDirection.Out, VertexProgram, SendMessage, (a, b) => a + b)
            .MapVertices((_, attr) => attr.Rank);
        return NormalizeRankSum(rankGraph, personalized);
    }

    private static Graph<int, double> WeightedByOutDegree<TV, TE>(Graph<TV, TE> graph) =>
        graph.OuterJoinVertices(graph.OutDegrees, (_, _, deg) => deg.GetValueOrDefault(0))
            .MapTriplets(e => 1.0 / e.SrcAttr, TripletFields.Src);

    private static double ResetMass(bool personalized, long src, long id, double resetProb) =>
        !personalized ? resetProb : id == src ? resetProb : 0.0;

    // SPARK-18847: sinks leak rank, so the sum is restored to N (personalized: to 1) at the end.
    private static Graph<double, double> NormalizeRankSum(Graph<double, double> rankGraph, bool personalized)
    {
        var rankSum = rankGraph.Vertices.Map(v => v.Attr).Sum();
        if (personalized)
            return rankGraph.MapVertices((_, rank) => rank / rankSum);
        var correctionFactor = rankGraph.NumVertices / rankSum;
        return rankGraph.MapVertices((_, rank) => rank * correctionFactor);
    }

    private static void CheckArguments<TV, TE>(Graph<TV, TE> graph, double resetProb)
    {
        ArgumentNullException.ThrowIfNull(graph);
        if (resetProb is < 0 or > 1 || double.IsNaN(resetProb))
            throw new ArgumentOutOfRangeException(nameof(resetProb), resetProb, "The reset probability must be in [0, 1].");
    }
}

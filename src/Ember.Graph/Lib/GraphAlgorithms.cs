namespace Ember.Graph;

/// <summary>
/// GraphX's <c>GraphOps</c> shortcuts to the algorithms, as extension methods on <see cref="Graph{TVertex, TEdge}"/>,
/// so that <c>graph.PageRank(0.0001).Vertices</c> reads as in GraphX. Each one only forwards; the costs and contracts
/// are those of the algorithm classes.
/// </summary>
public static class GraphAlgorithms
{
    /// <summary>Dynamic PageRank until changes are at most <paramref name="tol"/>: <see cref="global::Ember.Graph.PageRank.RunUntilConvergence"/>.</summary>
    public static Graph<double, double> PageRank<TV, TE>(this Graph<TV, TE> graph, double tol, double resetProb = 0.15) =>
        global::Ember.Graph.PageRank.RunUntilConvergence(graph, tol, resetProb);

    /// <summary>Static PageRank for <paramref name="numIter"/> iterations: <see cref="global::Ember.Graph.PageRank.Run"/>.</summary>
    public static Graph<double, double> StaticPageRank<TV, TE>(this Graph<TV, TE> graph, int numIter, double resetProb = 0.15) =>
        global::Ember.Graph.PageRank.Run(graph, numIter, resetProb);

    /// <summary>Dynamic PageRank personalized to <paramref name="src"/>: <see cref="global::Ember.Graph.PageRank.RunUntilConvergenceWithOptions"/>.</summary>
    public static Graph<double, double> PersonalizedPageRank<TV, TE>(this Graph<TV, TE> graph, long src, double tol, double resetProb = 0.15) =>
        global::Ember.Graph.PageRank.RunUntilConvergenceWithOptions(graph, tol, resetProb, src);

    /// <summary>Static PageRank personalized to <paramref name="src"/>: <see cref="global::Ember.Graph.PageRank.RunWithOptions"/>.</summary>
    public static Graph<double, double> StaticPersonalizedPageRank<TV, TE>(this Graph<TV, TE> graph, long src, int numIter, double resetProb = 0.15) =>
        global::Ember.Graph.PageRank.RunWithOptions(graph, numIter, resetProb, src);

    /// <summary>Connected components until convergence: <see cref="global::Ember.Graph.ConnectedComponents.Run"/>.</summary>
    public static Graph<long, TE> ConnectedComponents<TV, TE>(this Graph<TV, TE> graph) =>
        global::Ember.Graph.ConnectedComponents.Run(graph);

    /// <summary>Strongly connected components in at most <paramref name="numIter"/> rounds: <see cref="global::Ember.Graph.StronglyConnectedComponents.Run"/>.</summary>
    public static Graph<long, TE> StronglyConnectedComponents<TV, TE>(this Graph<TV, TE> graph, int numIter) =>
        global::Ember.Graph.StronglyConnectedComponents.Run(graph, numIter);

    /// <summary>Triangles through each vertex: <see cref="global::Ember.Graph.TriangleCount.Run"/>.</summary>
    public static Graph<int, TE> TriangleCount<TV, TE>(this Graph<TV, TE> graph) =>
        global::Ember.Graph.TriangleCount.Run(graph);
}

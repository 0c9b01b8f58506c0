using Ember.Graph;
using QuikGraph;
using QuikGraph.Algorithms.Ranking;

namespace Ember.Benchmarks.Graph;

/// <summary>The three static PageRank implementations the graph benchmark runs side by side, on the same edges.</summary>
internal static class PageRankContenders
{
    /// <summary>
    /// A hand-written single-threaded loop: in-edges in compressed arrays, GraphX's update with every rank starting
    /// at 1, rescaled at the end to sum to N as Spark 3.x does.
    /// </summary>
    public static double[] ArrayLoop((int Src, int Dst)[] edges, int[] vertexOf, int vertexCount, int iterations)
    {
        var outDegree = new int[vertexCount];
        var inStart = new int[vertexCount + 1];
        foreach (var (src, dst) in edges)
        {
            outDegree[vertexOf[src]]++;
            inStart[vertexOf[dst] + 1]++;
        }
        for (var v = 0; v < vertexCount; v++)
            inStart[v + 1] += inStart[v];
        var inSources = new int[edges.Length];
        var fill = inStart[..^1];
        foreach (var (src, dst) in edges)
            inSources[fill[vertexOf[dst]]++] = vertexOf[src];

        var pr = new double[vertexCount];
        Array.Fill(pr, 1.0);
        var contribution = new double[vertexCount];
        for (var iter = 0; iter < iterations; iter++)
        {
            for (var v = 0; v < vertexCount; v++)
                contribution[v] = outDegree[v] == 0 ? 0 : pr[v] / outDegree[v];
            for (var v = 0; v < vertexCount; v++)
            {
                var sum = 0.0;
                for (var i = inStart[v]; i < inStart[v + 1]; i++)
                    sum += contribution[inSources[i]];
                pr[v] = 0.15 + (0.85 * sum);
            }
        }
        var scale = vertexCount / pr.Sum();
        for (var v = 0; v < vertexCount; v++)
            pr[v] *= scale;
        return pr;
    }

    /// <summary>QuikGraph 2.5's PageRankAlgorithm (damping 0.85, the same update; it starts every rank at 1/N and does not rescale).</summary>
    public static Dictionary<int, double> QuikGraph(BidirectionalGraph<int, SEdge<int>> graph, int iterations)
    {
        var algorithm = new PageRankAlgorithm<int, SEdge<int>>(graph) { Damping = 0.85, Tolerance = 0, MaxIterations = iterations };
        algorithm.Compute();
        return new Dictionary<int, double>(algorithm.Ranks);
    }

    public static BidirectionalGraph<int, SEdge<int>> QuikGraphOf((int Src, int Dst)[] edges)
    {
        var graph = new BidirectionalGraph<int, SEdge<int>>(allowParallelEdges: false);
        graph.AddVerticesAndEdgeRange(edges.Select(e => new SEdge<int>(e.Src, e.Dst)));
        return graph;
    }

    /// <summary>Ember's static PageRank on a cached graph: every vertex's rank, collected.</summary>
    public static Dictionary<long, double> Ember(Graph<int, int> graph, int iterations) =>
        graph.StaticPageRank(iterations).Vertices.Collect().ToDictionary(v => v.Id, v => v.Attr);
}

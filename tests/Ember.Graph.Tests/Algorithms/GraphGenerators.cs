namespace Ember.Graph.Tests.Algorithms;

/// <summary>
/// Test graphs: GraphX's <c>util.GraphGenerators</c> star and grid graphs, chains as PageRankSuite builds them, and
/// seeded random edge lists for the property tests.
/// </summary>
internal static class GraphGenerators
{
    /// <summary>GraphX's starGraph: an edge from every vertex 1..n-1 to the centre 0.</summary>
    public static Graph<int, int> StarGraph(EmberContext context, int nverts) =>
        Graph.FromEdgeTuples(context.Parallelize(Enumerable.Range(1, nverts - 1).Select(vid => ((long)vid, 0L))), 1);

    /// <summary>GraphX's gridGraph: vertex r*cols+c carries (r, c) and has edges to its lower and right neighbours.</summary>
    public static Graph<(int Row, int Col), double> GridGraph(EmberContext context, int rows, int cols)
    {
        long Sub2Ind(int r, int c) => r * cols + c;
        var cells = (from r in Enumerable.Range(0, rows) from c in Enumerable.Range(0, cols) select (r, c)).ToList();
        var vertices = context.Parallelize(cells.Select(rc => (Sub2Ind(rc.r, rc.c), (Row: rc.r, Col: rc.c))), 2);
        var edges = context.Parallelize(cells.SelectMany(rc => new[]
        {
            rc.r + 1 < rows ? new Edge<double>(Sub2Ind(rc.r, rc.c), Sub2Ind(rc.r + 1, rc.c), 1.0) : (Edge<double>?)null,
            rc.c + 1 < cols ? new Edge<double>(Sub2Ind(rc.r, rc.c), Sub2Ind(rc.r, rc.c + 1), 1.0) : null,
        }).OfType<Edge<double>>(), 2);
        return Graph.Create(vertices, edges);
    }

    /// <summary>A chain first → first+1 → ... → first+length-1, as PageRankSuite's chain graphs.</summary>
    public static IEnumerable<(long Src, long Dst)> Chain(long first, int length) =>
        Enumerable.Range(0, length - 1).Select(i => (first + i, first + i + 1));

    /// <summary>
    /// A seeded random directed multigraph on <paramref name="vertices"/> vertices with sparse, non-contiguous ids
    /// (so code relying on ids 0..n-1 fails), <paramref name="edges"/> edges, self-loops and duplicates included.
    /// </summary>
    public static RandomGraph Random(int seed, int vertices, int edges)
    {
        var random = new Random(seed);
        var ids = Enumerable.Range(0, vertices).Select(i => 1_000L + (i * 7_919L)).OrderBy(_ => random.Next()).ToArray();
        var edgeList = Enumerable.Range(0, edges).Select(_ => (ids[random.Next(vertices)], ids[random.Next(vertices)])).ToArray();
        return new RandomGraph(ids, edgeList);
    }
}

/// <summary>A random graph as plain data: every id in <see cref="Ids"/> is a vertex, edges may repeat.</summary>
internal sealed record RandomGraph(long[] Ids, (long Src, long Dst)[] Edges)
{
    /// <summary>The graph on Ember: every id a vertex (isolated ones too), edge attributes 1.</summary>
    public Graph<int, int> ToGraph(EmberContext context, int partitions = 3) =>
        Graph.Create(context.Parallelize(Ids.Select(id => (id, 0)), partitions),
            context.Parallelize(Edges.Select(e => new Edge<int>(e.Src, e.Dst, 1)), partitions), 0);

    public override string ToString() => $"{Ids.Length} vertices, edges [{string.Join(", ", Edges.Select(e => $"{e.Src}->{e.Dst}"))}]";
}

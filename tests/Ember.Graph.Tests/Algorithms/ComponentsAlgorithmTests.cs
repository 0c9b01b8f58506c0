namespace Ember.Graph.Tests.Algorithms;

/// <summary>GraphX's ConnectedComponentsSuite and StronglyConnectedComponentsSuite cases.</summary>
public class ComponentsAlgorithmTests : AlgorithmTestContext
{
    [Fact]
    public void ConnectedComponents_GridAndReversedGrid_OneComponentLabelledZero()
    {
        var gridGraph = GraphGenerators.GridGraph(Context, 10, 10).Cache();

        Assert.All(Collect(gridGraph.ConnectedComponents()), kv => Assert.Equal(0L, kv.Value));
        Assert.All(Collect(gridGraph.Reverse().ConnectedComponents()), kv => Assert.Equal(0L, kv.Value));
    }

    [Fact]
    public void ConnectedComponents_TwoChainsEitherWay_EachLabelledByItsSmallestId()
    {
        var chains = GraphGenerators.Chain(0, 10).Concat(GraphGenerators.Chain(10, 11)).ToList();
        var graph = Graph.FromEdgeTuples(Context.Parallelize(chains, 3), 1.0).Cache();
        var reversed = Graph.FromEdgeTuples(Context.Parallelize(chains.Select(e => (e.Dst, e.Src)), 3), 1.0);

        foreach (var g in new[] { graph, reversed })
            Assert.All(Collect(g.ConnectedComponents()), kv => Assert.Equal(kv.Key < 10 ? 0L : 10L, kv.Value));
    }

    [Fact]
    public void ConnectedComponents_ToyGraphWithMissingVertex_MissingVertexJoinsWithDefaultAttribute()
    {
        // ConnectedComponentsSuite's toy graph: vertex 0 appears only in edges and gets the default attribute.
        var users = Context.Parallelize(new[] { (3L, ("rxin", "student")), (7L, ("jgonzal", "postdoc")),
            (5L, ("franklin", "prof")), (2L, ("istoica", "prof")), (4L, ("peter", "student")) });
        var relationships = Context.Parallelize(new[] { new Edge<string>(3, 7, "collab"), new Edge<string>(5, 3, "advisor"),
            new Edge<string>(2, 5, "colleague"), new Edge<string>(5, 7, "pi"), new Edge<string>(4, 0, "student"), new Edge<string>(5, 0, "colleague") });
        var graph = Graph.Create(users, relationships, ("John Doe", "Missing"));

        var ccs = Collect(graph.ConnectedComponents());

        Assert.Equal(new long[] { 0, 2, 3, 4, 5, 7 }, ccs.Keys.Order());
        Assert.All(ccs, kv => Assert.Equal(0L, kv.Value));
    }

    [Fact]
    public void ConnectedComponents_MaxIterationsTooFewForChain_LabelsOnlyPartlyPropagated()
    {
        var chain = Graph.FromEdgeTuples(Context.Parallelize(GraphGenerators.Chain(0, 6), 2), 0);

        var ccs = Collect(ConnectedComponents.Run(chain, maxIterations: 2));

        // the smallest label travels one hop per superstep: the initial one, then two more
        Assert.Equal(new long[] { 0, 0, 0, 1, 2, 3 }, ccs.OrderBy(kv => kv.Key).Select(kv => kv.Value));
    }

    [Fact]
    public void StronglyConnectedComponents_Islands_EachVertexItsOwnComponent()
    {
        var vertices = Context.Parallelize(Enumerable.Range(1, 5).Select(i => ((long)i, -1)));
        // GraphX's suite uses an empty RDD; one with a partition and no edge keeps clear of graph-core's Ship on 0 edge partitions.
        var graph = Graph.Create(vertices, Context.Parallelize(Array.Empty<Edge<int>>(), 1), -1);

        Assert.All(Collect(graph.StronglyConnectedComponents(5)), kv => Assert.Equal(kv.Key, kv.Value));
    }

    [Fact]
    public void StronglyConnectedComponents_Cycle_OneComponentLabelledZero()
    {
        var cycle = Enumerable.Range(0, 6).Select(i => ((long)i, (long)((i + 1) % 6)));
        var graph = Graph.FromEdgeTuples(Context.Parallelize(cycle, 2), 1);

        Assert.All(Collect(graph.StronglyConnectedComponents(20)), kv => Assert.Equal(0L, kv.Value));
    }

    [Fact]
    public void StronglyConnectedComponents_TwoCyclesWithTails_CyclesAndTailsApart()
    {
        var edges = new[] { (0L, 1L), (1L, 2L), (2L, 0L), (3L, 4L), (4L, 5L), (5L, 3L), (6L, 0L), (5L, 7L) };
        var graph = Graph.FromEdgeTuples(Context.Parallelize(edges, 2), 1);

        var sccs = Collect(graph.StronglyConnectedComponents(20));

        var expected = new Dictionary<long, long> { [0] = 0, [1] = 0, [2] = 0, [3] = 3, [4] = 3, [5] = 3, [6] = 6, [7] = 7 };
        Assert.Equal(expected, sccs);
    }

    [Fact]
    public void Run_NonPositiveIterations_Throws()
    {
        var graph = Graph.FromEdgeTuples(Context.Parallelize(new[] { (0L, 1L) }), 1);

        Assert.Throws<ArgumentOutOfRangeException>("maxIterations", () => ConnectedComponents.Run(graph, 0));
        Assert.Throws<ArgumentOutOfRangeException>("numIter", () => StronglyConnectedComponents.Run(graph, 0));
    }
}

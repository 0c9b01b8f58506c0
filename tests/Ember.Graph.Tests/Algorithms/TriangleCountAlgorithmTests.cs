namespace Ember.Graph.Tests.Algorithms;

/// <summary>GraphX's TriangleCountSuite cases, and random graphs against a LINQ count.</summary>
public class TriangleCountAlgorithmTests : AlgorithmTestContext
{
    private static readonly (long, long)[] Triangle = [(0L, 1L), (1L, 2L), (2L, 0L)];
    private static readonly (long, long)[] TwoTriangles = [.. Triangle, (0L, -1L), (-1L, -2L), (-2L, 0L)];

    [Fact]
    public void TriangleCount_SingleTriangle_OneEach()
    {
        var graph = Graph.FromEdgeTuples(Context.Parallelize(Triangle, 2), true);

        Assert.Equal(new Dictionary<long, int> { [0] = 1, [1] = 1, [2] = 1 }, Collect(graph.TriangleCount()));
    }

    [Fact]
    public void TriangleCount_TwoTrianglesSharingVertex_SharedVertexCountsTwo()
    {
        var graph = Graph.FromEdgeTuples(Context.Parallelize(TwoTriangles, 2), true);

        Assert.All(Collect(graph.TriangleCount()), kv => Assert.Equal(kv.Key == 0 ? 2 : 1, kv.Value));
    }

    [Fact]
    public void TriangleCount_BiDirectedEdges_CountedOnce()
    {
        var edges = TwoTriangles.Concat(TwoTriangles.Select(e => (e.Item2, e.Item1)));
        var graph = Graph.FromEdgeTuples(Context.Parallelize(edges, 2), true);

        Assert.All(Collect(graph.TriangleCount()), kv => Assert.Equal(kv.Key == 0 ? 2 : 1, kv.Value));
    }

    [Fact]
    public void TriangleCount_DuplicateEdgesAndSelfLoops_Ignored()
    {
        var edges = Triangle.Concat(Triangle).Append((0L, 0L)).Append((1L, 1L));
        var graph = Graph.FromEdgeTuples(Context.Parallelize(edges, 2), true, PartitionStrategy.RandomVertexCut);

        Assert.Equal(new Dictionary<long, int> { [0] = 1, [1] = 1, [2] = 1 }, Collect(graph.TriangleCount()));
    }

    [Fact]
    public void TriangleCount_ResultKeepsOriginalEdges()
    {
        var edges = Triangle.Append((2L, 2L)).ToArray();
        var graph = Graph.FromEdgeTuples(Context.Parallelize(edges, 2), true);

        var result = graph.TriangleCount();

        Assert.Equal(edges.Order(), result.Edges.Collect().Select(e => (e.SrcId, e.DstId)).Order());
    }

    [Theory]
    [InlineData(1, 8, 20)]
    [InlineData(2, 12, 40)]
    [InlineData(3, 20, 90)]
    [InlineData(4, 30, 60)]
    public void TriangleCount_RandomGraph_EqualsLinqCount(int seed, int vertices, int edges)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);

        var counts = Collect(random.ToGraph(Context).TriangleCount());

        Assert.Equal(ReferenceAlgorithms.TriangleCounts(random.Ids, random.Edges), counts);
    }
}

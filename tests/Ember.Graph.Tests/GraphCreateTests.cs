namespace Ember.Graph.Tests;

public sealed class GraphCreateTests : GraphTests
{
    [Fact]
    public void Create_DuplicateVerticesAndMissingEndpoints_KeepsFirstAndAddsDefault()
    {
        var vertices = Context.Parallelize(new (long, string)[] { (1, "a"), (2, "b"), (1, "again") }, 1);
        var edges = Context.Parallelize(new[] { new Edge<int>(1, 2, 10), new Edge<int>(2, 3, 20) }, 2);

        var graph = Graph.Create(vertices, edges, "missing");

        Assert.Equal(new (long, string)[] { (1, "a"), (2, "b"), (3, "missing") }, graph.Vertices.Collect().OrderBy(v => v.Id));
        Assert.Equal(3, graph.NumVertices);
        Assert.Equal(2, graph.NumEdges);
    }

    [Fact]
    public void FromEdges_VerticesAreEndpoints_WithDefault()
    {
        var graph = Graph.FromEdges(Context.Parallelize(new[] { new Edge<string>(5, 6, "x"), new Edge<string>(6, 7, "y") }, 2), 0.5);

        Assert.Equal(new (long, double)[] { (5, 0.5), (6, 0.5), (7, 0.5) }, graph.Vertices.Collect().OrderBy(v => v.Id));
        Assert.Equal(new[] { new Edge<string>(5, 6, "x"), new Edge<string>(6, 7, "y") }, graph.Edges.Collect().OrderBy(e => e.SrcId));
    }

    [Fact]
    public void FromEdgeTuples_UniqueEdges_MergesParallelEdgesCountingThem()
    {
        var raw = Context.Parallelize(new (long, long)[] { (1, 2), (1, 2), (2, 1), (3, 1), (1, 2) }, 3);

        var unique = Graph.FromEdgeTuples(raw, "v", PartitionStrategy.RandomVertexCut);
        var plain = Graph.FromEdgeTuples(raw, "v");

        Assert.Equal(new[] { new Edge<int>(1, 2, 3), new Edge<int>(2, 1, 1), new Edge<int>(3, 1, 1) }, Sorted(unique.Edges.Collect()));
        Assert.Equal(5, plain.NumEdges);
        Assert.All(plain.Edges.Collect(), edge => Assert.Equal(1, edge.Attr));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Edges_AndTriplets_EqualLinq(int seed)
    {
        var random = RandomGraph.Create(seed);
        var graph = random.ToGraph(Context);
        var attrOf = random.AttrOf;

        Assert.Equal(Sorted(random.Edges), Sorted(graph.Edges.Collect()));
        var expected = random.Edges.Select(e => (e.SrcId, e.DstId, attrOf[e.SrcId], attrOf[e.DstId], e.Attr)).Order();
        var actual = graph.Triplets.Collect().Select(t => (t.SrcId, t.DstId, t.SrcAttr, t.DstAttr, t.Attr)).Order();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Degrees_EqualLinq_AndOmitVerticesWithoutEdges(int seed)
    {
        var random = RandomGraph.Create(seed, vertexCount: 40, edgeCount: 30);
        var graph = random.ToGraph(Context);

        var inDegrees = random.Edges.GroupBy(e => e.DstId).Select(g => (g.Key, g.Count())).Order();
        var outDegrees = random.Edges.GroupBy(e => e.SrcId).Select(g => (g.Key, g.Count())).Order();
        var degrees = random.Edges.SelectMany(e => new[] { e.SrcId, e.DstId }).GroupBy(id => id).Select(g => (g.Key, g.Count())).Order();
        Assert.Equal(inDegrees, graph.InDegrees.Collect().Order());
        Assert.Equal(outDegrees, graph.OutDegrees.Collect().Order());
        Assert.Equal(degrees, graph.Degrees.Collect().Order());
    }

    [Fact]
    public void Vertices_PartitionedByTheGraphsPartitioner_SoJoinsDoNotShuffle()
    {
        var graph = RandomGraph.Create(6).ToGraph(Context, vertexPartitions: 3);

        Assert.NotNull(graph.Vertices.Partitioner);
        Assert.Equal(graph.Vertices.Partitioner, graph.InDegrees.Partitioner);
        Assert.Equal(3, graph.Vertices.Partitions.Count);
    }
}

namespace Ember.Graph.Tests;

public sealed class StructureOperatorTests : GraphTests
{
    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    [InlineData(43)]
    public void Subgraph_BothPredicates_EqualsLinq(int seed)
    {
        var random = RandomGraph.Create(seed);
        var graph = random.ToGraph(Context);
        var attrOf = random.AttrOf;

        var sub = graph.Subgraph(epred: t => (t.Attr + t.SrcAttr) % 3 != 0, vpred: (id, attr) => attr % 4 != 0);

        var keptVertices = random.Vertices.Where(v => v.Attr % 4 != 0).ToList();
        var kept = keptVertices.Select(v => v.Id).ToHashSet();
        var keptEdges = random.Edges.Where(e => kept.Contains(e.SrcId) && kept.Contains(e.DstId) && (e.Attr + attrOf[e.SrcId]) % 3 != 0);
        Assert.Equal(keptVertices.Order(), sub.Vertices.Collect().Order());
        Assert.Equal(Sorted(keptEdges), Sorted(sub.Edges.Collect()));
        Assert.Equal(keptEdges.Select(e => (e.SrcId, attrOf[e.SrcId], e.DstId, attrOf[e.DstId])).Order(),
            sub.Triplets.Collect().Select(t => (t.SrcId, t.SrcAttr, t.DstId, t.DstAttr)).Order());
    }

    [Fact]
    public void Subgraph_VertexPredicateOnly_DropsEdgesOfDroppedVertices_AndDegreesFollow()
    {
        var random = RandomGraph.Create(44);
        var sub = random.ToGraph(Context).Subgraph(vpred: (id, _) => id % 2 == 0);

        var keptEdges = random.Edges.Where(e => e.SrcId % 2 == 0 && e.DstId % 2 == 0).ToList();
        Assert.Equal(Sorted(keptEdges), Sorted(sub.Edges.Collect()));
        Assert.Equal(keptEdges.GroupBy(e => e.DstId).Select(g => (g.Key, g.Count())).Order(), sub.InDegrees.Collect().Order());
    }

    [Theory]
    [InlineData(45)]
    [InlineData(46)]
    public void Mask_WithASubgraph_KeepsThisGraphsAttributesOfTheCommonPart(int seed)
    {
        // Edges are matched by (source, destination) within a partition, as GraphX: without parallel edges that is the set intersection.
        var generated = RandomGraph.Create(seed);
        var random = generated with { Edges = [.. generated.Edges.DistinctBy(e => (e.SrcId, e.DstId))] };
        var graph = random.ToGraph(Context);
        var other = graph.MapVertices((_, attr) => attr.ToString()).Subgraph(epred: t => t.Attr % 2 == 0, vpred: (id, _) => id % 3 != 0);

        var masked = graph.Mask(other);

        var otherVertices = random.Vertices.Where(v => v.Id % 3 != 0).Select(v => v.Id).ToHashSet();
        var otherEdges = random.Edges.Where(e => e.Attr % 2 == 0 && otherVertices.Contains(e.SrcId) && otherVertices.Contains(e.DstId))
            .Select(e => (e.SrcId, e.DstId)).ToHashSet();
        Assert.Equal(random.Vertices.Where(v => otherVertices.Contains(v.Id)).Order(), masked.Vertices.Collect().Order());
        Assert.Equal(Sorted(random.Edges.Where(e => otherEdges.Contains((e.SrcId, e.DstId)))), Sorted(masked.Edges.Collect()));
    }

    [Fact]
    public void Mask_DifferentEdgePartitionCounts_Throws()
    {
        var random = RandomGraph.Create(47);
        var graph = random.ToGraph(Context, edgePartitions: 4);

        var error = Assert.Throws<ArgumentException>(() => graph.Mask(random.ToGraph(Context, edgePartitions: 2)));

        Assert.Contains("PartitionBy", error.Message);
    }

    [Fact]
    public void Reverse_TurnsEveryEdge_AndSwapsDegreesAndTriplets()
    {
        var random = RandomGraph.Create(48);
        var graph = random.ToGraph(Context);
        var attrOf = random.AttrOf;

        var reversed = graph.Reverse();

        Assert.Equal(Sorted(random.Edges.Select(e => new Edge<int>(e.DstId, e.SrcId, e.Attr))), Sorted(reversed.Edges.Collect()));
        Assert.Equal(graph.OutDegrees.Collect().Order(), reversed.InDegrees.Collect().Order());
        Assert.Equal(random.Edges.Select(e => (e.DstId, attrOf[e.DstId], e.SrcId, attrOf[e.SrcId])).Order(),
            reversed.Triplets.Collect().Select(t => (t.SrcId, t.SrcAttr, t.DstId, t.DstAttr)).Order());
        var srcSums = reversed.AggregateMessages<int>(c => c.SendToDst(c.SrcAttr), (a, b) => a + b, TripletFields.Src).Collect().Order();
        Assert.Equal(random.Edges.GroupBy(e => e.SrcId).Select(g => (g.Key, g.Sum(e => attrOf[e.DstId]))).Order(), srcSums);
    }

    [Theory]
    [InlineData("EdgePartition2D")]
    [InlineData("EdgePartition1D")]
    [InlineData("RandomVertexCut")]
    [InlineData("CanonicalRandomVertexCut")]
    public void GroupEdges_AfterPartitionBy_MergesParallelEdges(string strategy)
    {
        var random = RandomGraph.Create(49, vertexCount: 8, edgeCount: 120);
        var graph = random.ToGraph(Context, edgePartitions: 5);

        var grouped = graph.PartitionBy(PartitionStrategy.FromString(strategy), 6).GroupEdges((a, b) => a + b);

        var expected = random.Edges.GroupBy(e => (e.SrcId, e.DstId)).Select(g => new Edge<int>(g.Key.SrcId, g.Key.DstId, g.Sum(e => e.Attr)));
        Assert.Equal(Sorted(expected), Sorted(grouped.Edges.Collect()));
        Assert.Equal(random.Vertices.Order(), grouped.Vertices.Collect().Order());
        Assert.Equal(6, grouped.Edges.Partitions.Count);
    }

    [Fact]
    public void PartitionBy_PlacesEveryEdgeWhereTheStrategySays()
    {
        var random = RandomGraph.Create(50);
        var graph = random.ToGraph(Context).PartitionBy(PartitionStrategy.EdgePartition2D, 7);

        var placed = graph.Edges.MapPartitionsWithIndex((index, edges) => edges.Select(e => (index, e))).Collect();

        Assert.Equal(random.Edges.Count, placed.Count);
        Assert.All(placed, p => Assert.Equal(PartitionStrategy.EdgePartition2D.GetPartition(p.e.SrcId, p.e.DstId, 7), p.index));
    }
}

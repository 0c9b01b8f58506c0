namespace Ember.Graph.Tests;

public sealed class EmptyGraphTests : GraphTests
{
    [Fact]
    public void FromEdges_EmptyRddWithoutPartitions_GivesAnEmptyGraphThatOperatorsAccept()
    {
        var graph = Graph.FromEdges(Context.EmptyRdd<Edge<int>>(), 0.0);

        Assert.Equal(0, graph.NumVertices);
        Assert.Equal(0, graph.NumEdges);
        Assert.Empty(graph.Triplets.Collect());
        Assert.Empty(graph.InDegrees.Collect());
        Assert.Empty(graph.Pregel(1.0, 5, EdgeDirection.Out, (_, a, m) => a + m, t => [(t.DstId, t.SrcAttr)], (a, b) => a + b).Vertices.Collect());
    }

    [Fact]
    public void Create_VerticesWithoutEdges_KeepsTheVertices()
    {
        var vertices = Context.Parallelize(new (long, string)[] { (1, "a"), (2, "b") }, 2);

        var graph = Graph.Create(vertices, Context.Parallelize(Array.Empty<Edge<int>>(), 2), "none");

        Assert.Equal(new (long, string)[] { (1, "a"), (2, "b") }, graph.Vertices.Collect().Order());
        Assert.Equal(new (long, int)[] { (1, 0), (2, 0) }, graph.CollectNeighborIds(EdgeDirection.Either).Collect().Select(p => (p.Id, p.Neighbors.Length)).Order());
        Assert.Empty(graph.AggregateMessages<int>(c => c.SendToDst(1), (a, b) => a + b).Collect());
    }
}

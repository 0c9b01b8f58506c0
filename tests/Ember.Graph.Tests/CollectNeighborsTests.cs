namespace Ember.Graph.Tests;

public sealed class CollectNeighborsTests : GraphTests
{
    [Theory]
    [InlineData(EdgeDirection.In)]
    [InlineData(EdgeDirection.Out)]
    [InlineData(EdgeDirection.Either)]
    public void CollectNeighborIds_EveryDirection_EqualsLinq_WithEmptyArraysForLoners(EdgeDirection direction)
    {
        var random = RandomGraph.Create(61, vertexCount: 40, edgeCount: 30);
        var graph = random.ToGraph(Context);

        var actual = graph.CollectNeighborIds(direction).Collect().Select(n => (n.Id, string.Join(",", n.Neighbors.Order()))).Order();

        var expected = random.Vertices.Select(v => (v.Id, string.Join(",", Neighbors(random, v.Id, direction).Order()))).Order();
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(EdgeDirection.In)]
    [InlineData(EdgeDirection.Out)]
    [InlineData(EdgeDirection.Either)]
    public void CollectNeighbors_EveryDirection_CarriesTheNeighboursAttributes(EdgeDirection direction)
    {
        var random = RandomGraph.Create(62, vertexCount: 30, edgeCount: 50);
        var attrOf = random.AttrOf;

        var actual = random.ToGraph(Context).CollectNeighbors(direction).Collect()
            .Select(n => (n.Id, string.Join(",", n.Neighbors.Select(x => $"{x.Id}={x.Attr}").Order()))).Order();

        var expected = random.Vertices.Select(v => (v.Id, string.Join(",", Neighbors(random, v.Id, direction).Select(id => $"{id}={attrOf[id]}").Order()))).Order();
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void CollectNeighborIds_Both_Throws()
    {
        var graph = RandomGraph.Create(63).ToGraph(Context);

        Assert.Throws<ArgumentOutOfRangeException>(() => graph.CollectNeighborIds(EdgeDirection.Both));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.CollectNeighbors(EdgeDirection.Both));
    }

    private static IEnumerable<long> Neighbors(RandomGraph graph, long id, EdgeDirection direction) => direction switch
    {
        EdgeDirection.In => graph.Edges.Where(e => e.DstId == id).Select(e => e.SrcId),
        EdgeDirection.Out => graph.Edges.Where(e => e.SrcId == id).Select(e => e.DstId),
        _ => graph.Edges.Where(e => e.SrcId == id).Select(e => e.DstId).Concat(graph.Edges.Where(e => e.DstId == id).Select(e => e.SrcId)),
    };
}

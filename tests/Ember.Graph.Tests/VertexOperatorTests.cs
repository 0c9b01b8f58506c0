namespace Ember.Graph.Tests;

public sealed class VertexOperatorTests : GraphTests
{
    [Fact]
    public void MapVertices_MapsEveryAttribute_KeepsEdges()
    {
        var random = RandomGraph.Create(21);
        var graph = random.ToGraph(Context).MapVertices((id, attr) => $"{id}:{attr}");

        Assert.Equal(random.Vertices.Select(v => (v.Id, $"{v.Id}:{v.Attr}")).Order(), graph.Vertices.Collect().Order());
        Assert.Equal(Sorted(random.Edges), Sorted(graph.Edges.Collect()));
    }

    [Fact]
    public void MapEdges_AndMapTriplets_EqualLinq()
    {
        var random = RandomGraph.Create(22);
        var graph = random.ToGraph(Context);
        var attrOf = random.AttrOf;

        var mapped = graph.MapEdges(e => e.SrcId + e.DstId + e.Attr).Edges.Collect().Select(e => (e.SrcId, e.DstId, e.Attr)).Order();
        var triplets = graph.MapTriplets(t => t.SrcAttr - t.DstAttr + t.Attr).Edges.Collect().Select(e => (e.SrcId, e.DstId, e.Attr)).Order();
        var srcOnly = graph.MapTriplets(t => t.SrcAttr * 10, TripletFields.Src).Edges.Collect().Select(e => (e.SrcId, e.DstId, e.Attr)).Order();

        Assert.Equal(random.Edges.Select(e => (e.SrcId, e.DstId, e.SrcId + e.DstId + e.Attr)).Order(), mapped);
        Assert.Equal(random.Edges.Select(e => (e.SrcId, e.DstId, attrOf[e.SrcId] - attrOf[e.DstId] + e.Attr)).Order(), triplets);
        Assert.Equal(random.Edges.Select(e => (e.SrcId, e.DstId, attrOf[e.SrcId] * 10)).Order(), srcOnly);
    }

    [Theory]
    [InlineData(23)]
    [InlineData(24)]
    public void OuterJoinVertices_UnpartitionedTable_EqualsLinqLeftJoin(int seed)
    {
        var random = RandomGraph.Create(seed);
        var graph = random.ToGraph(Context);
        var picked = random.Vertices.Where(v => v.Id % 3 == 0).Select(v => (v.Id, $"t{v.Id}")).Append((9999L, "not a vertex")).ToList();

        var joined = graph.OuterJoinVertices(Context.Parallelize(picked, 2), (id, attr, value) => value.HasValue ? $"{attr}/{value.Value}" : $"{attr}/none");

        var table = picked.ToDictionary(p => p.Item1, p => p.Item2);
        var expected = random.Vertices.Select(v => (v.Id, table.TryGetValue(v.Id, out var t) ? $"{v.Attr}/{t}" : $"{v.Attr}/none")).Order();
        Assert.Equal(expected, joined.Vertices.Collect().Order());
        Assert.Equal(graph.NumEdges, joined.NumEdges);
    }

    [Fact]
    public void OuterJoinVertices_WithOwnDegrees_GivesZeroToVerticesWithoutEdges()
    {
        var random = RandomGraph.Create(25, vertexCount: 40, edgeCount: 20);
        var graph = random.ToGraph(Context);

        var joined = graph.OuterJoinVertices(graph.OutDegrees, (_, _, degree) => degree.GetValueOrDefault(0));

        var outDegree = random.Edges.GroupBy(e => e.SrcId).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(random.Vertices.Select(v => (v.Id, outDegree.GetValueOrDefault(v.Id))).Order(), joined.Vertices.Collect().Order());
    }

    [Fact]
    public void JoinVertices_ChangesOnlyVerticesInTheTable()
    {
        var random = RandomGraph.Create(26);
        var graph = random.ToGraph(Context);
        var table = random.Vertices.Take(5).Select(v => (v.Id, 1000)).ToList();

        var joined = graph.JoinVertices(Context.Parallelize(table, 1), (_, attr, add) => attr + add);

        var ids = table.Select(t => t.Id).ToHashSet();
        Assert.Equal(random.Vertices.Select(v => (v.Id, ids.Contains(v.Id) ? v.Attr + 1000 : v.Attr)).Order(), joined.Vertices.Collect().Order());
    }
}

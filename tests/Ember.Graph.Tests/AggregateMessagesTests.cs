namespace Ember.Graph.Tests;

public sealed class AggregateMessagesTests : GraphTests
{
    [Theory]
    [InlineData(TripletFields.All)]
    [InlineData(TripletFields.Src)]
    [InlineData(TripletFields.Dst)]
    [InlineData(TripletFields.Src | TripletFields.Edge)]
    [InlineData(TripletFields.EdgeOnly)]
    [InlineData(TripletFields.None)]
    public void AggregateMessages_EveryTripletFields_EqualsLinq(TripletFields fields)
    {
        foreach (var seed in new[] { 11, 12, 13 })
        {
            var random = RandomGraph.Create(seed);
            var graph = random.ToGraph(Context);
            var attrOf = random.AttrOf;
            int Src(long id) => (fields & TripletFields.Src) != 0 ? attrOf[id] : 0;
            int Dst(long id) => (fields & TripletFields.Dst) != 0 ? attrOf[id] : 0;

            // Only the fields asked for may be read: the others are unspecified, as in GraphX.
            var actual = graph.AggregateMessages<long>(context =>
            {
                context.SendToDst(((fields & TripletFields.Src) != 0 ? context.SrcAttr : 0) * 1000L + context.Attr);
                context.SendToSrc(((fields & TripletFields.Dst) != 0 ? context.DstAttr : 0) + 1L);
            }, (a, b) => a + b, fields).Collect().Order();

            var expected = random.Edges.SelectMany(e => new[] { (e.DstId, Src(e.SrcId) * 1000L + e.Attr), (e.SrcId, Dst(e.DstId) + 1L) })
                .GroupBy(m => m.Item1).Select(g => (g.Key, g.Sum(m => m.Item2))).Order();
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void AggregateMessages_NoMessageSent_IsEmpty()
    {
        var graph = RandomGraph.Create(14).ToGraph(Context);

        Assert.Empty(graph.AggregateMessages<int>(_ => { }, (a, b) => a + b).Collect());
    }

    [Fact]
    public void AggregateMessages_ToEdgeTriplet_CopiesTheEdgeFields()
    {
        var random = RandomGraph.Create(15, edgeCount: 20);
        var graph = random.ToGraph(Context);

        var seen = graph.AggregateMessages<List<string>>(context => context.SendToSrc([context.ToEdgeTriplet().ToString()]), (a, b) => [.. a, .. b])
            .FlatMap(m => m.Msg).Collect().Order();

        var attrOf = random.AttrOf;
        Assert.Equal(random.Edges.Select(e => $"(({e.SrcId},{attrOf[e.SrcId]}),({e.DstId},{attrOf[e.DstId]}),{e.Attr})").Order(), seen);
    }
}

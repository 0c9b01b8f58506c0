namespace Ember.Graph.Tests;

public sealed class PregelTests : GraphTests
{
    [Fact]
    public void Pregel_ShortestHops_EqualsBreadthFirstSearch()
    {
        var random = RandomGraph.Create(31, vertexCount: 40, edgeCount: 70);
        var source = random.Vertices[0].Id;
        var graph = random.ToGraph(Context).MapVertices((id, _) => id == source ? 0 : int.MaxValue);

        var result = graph.Pregel(int.MaxValue, 100, EdgeDirection.Out,
            (_, distance, message) => Math.Min(distance, message),
            triplet => triplet.SrcAttr != int.MaxValue && triplet.SrcAttr + 1 < triplet.DstAttr ? [(triplet.DstId, triplet.SrcAttr + 1)] : [],
            Math.Min);

        var expected = random.Vertices.ToDictionary(v => v.Id, _ => int.MaxValue);
        expected[source] = 0;
        var frontier = new Queue<long>([source]);
        while (frontier.TryDequeue(out var vertex))
        {
            foreach (var edge in random.Edges.Where(e => e.SrcId == vertex && expected[e.DstId] == int.MaxValue))
            {
                expected[edge.DstId] = expected[vertex] + 1;
                frontier.Enqueue(edge.DstId);
            }
        }
        Assert.Equal(expected.Select(p => (p.Key, p.Value)).Order(), result.Vertices.Collect().Order());
    }

    [Fact]
    public void Pregel_OnlyVerticesWithMessagesRun_AndItStopsWhenNoneIsSent()
    {
        // A chain 0 -> 1 -> ... -> 5: a token walks one step per superstep. Each vertex counts its vprog runs.
        var edges = Context.Parallelize(Enumerable.Range(0, 5).Select(i => new Edge<int>(i, i + 1, 0)), 2);
        var graph = Graph.FromEdges(edges, (Runs: 0, Token: false));

        var result = graph.Pregel(false, 50, EdgeDirection.Out,
            (id, state, token) => (state.Runs + 1, token || id == 0),
            triplet => triplet.SrcAttr.Token && !triplet.DstAttr.Token ? [(triplet.DstId, true)] : [],
            (a, b) => a || b);

        // Every vertex runs once with the initial message; vertex i (i >= 1) once more when the token reaches it; vertex 0 never again.
        var expected = Enumerable.Range(0, 6).Select(i => ((long)i, (i == 0 ? 1 : 2, true)));
        Assert.Equal(expected, result.Vertices.Collect().OrderBy(v => v.Id));
    }

    [Fact]
    public void Pregel_MaxIterations_BoundsTheSupersteps()
    {
        var edges = Context.Parallelize(Enumerable.Range(0, 10).Select(i => new Edge<int>(i, i + 1, 0)), 2);
        var graph = Graph.FromEdges(edges, 0L).MapVertices((id, _) => id == 0 ? 1L : 0L);

        var result = graph.Pregel(0L, 3, EdgeDirection.Out,
            (_, attr, message) => Math.Max(attr, message),
            triplet => triplet.SrcAttr > 0 && triplet.DstAttr == 0 ? [(triplet.DstId, triplet.SrcAttr + 1)] : [],
            Math.Max);

        // Round 0 sends 0 -> 1; supersteps 1..3 deliver to vertices 1, 2, 3; vertex 4 never hears.
        Assert.Equal(new long[] { 1, 2, 3, 4, 0, 0 }, result.Vertices.Collect().OrderBy(v => v.Id).Take(6).Select(v => v.Attr));
    }

    [Theory]
    [InlineData(EdgeDirection.Out, new long[] { 1, 2 })]
    [InlineData(EdgeDirection.In, new long[] { 0, 1 })]
    [InlineData(EdgeDirection.Either, new long[] { 0, 1, 2 })]
    [InlineData(EdgeDirection.Both, new long[] { 1 })]
    public void Pregel_ActiveDirection_SelectsTheEdgesThatSendAfterTheFirstRound(EdgeDirection direction, long[] edgesRun)
    {
        // Edges 0 -> 1 (key 0), 1 -> 2 (key 1), 2 -> 3 (key 2), 3 -> 4 (key 3). In the first round only keys 0 and 1
        // send, so superstep 1 has vertices 1 and 2 active (they ran vprog twice); the edges that run in superstep 1
        // send bit 10 + key, which superstep 2 delivers.
        var edges = Context.Parallelize(Enumerable.Range(0, 4).Select(i => new Edge<int>(i, i + 1, i)), 2);
        var graph = Graph.FromEdges(edges, (Runs: 0, Bits: 0L));

        var result = graph.Pregel(0L, 2, direction,
            (_, state, message) => (state.Runs + 1, state.Bits | message),
            triplet => Math.Max(triplet.SrcAttr.Runs, triplet.DstAttr.Runs) == 1
                ? triplet.Attr < 2 ? [(triplet.DstId, 0L)] : []
                : [(triplet.DstId, 1L << (10 + triplet.Attr))],
            (a, b) => a | b);

        var bits = result.Vertices.Collect().Select(v => v.Attr.Bits).Aggregate(0L, (a, b) => a | b);
        var ran = Enumerable.Range(0, 4).Where(key => (bits & (1L << (10 + key))) != 0).Select(key => (long)key);
        Assert.Equal(edgesRun, ran);
    }
}

using QuikGraph;
using QuikGraph.Algorithms.ConnectedComponents;
using QuikGraph.Algorithms.ShortestPath;

namespace Ember.Graph.Tests.Algorithms;

/// <summary>
/// Properties on seeded random graphs (sparse ids, self-loops, duplicate edges, isolated vertices): components and
/// shortest path lengths equal QuikGraph's, PageRank equals a power iteration to 1e-9.
/// </summary>
public class AlgorithmPropertyTests : AlgorithmTestContext
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 1, 0 }, { 2, 6, 4 }, { 3, 12, 10 }, { 4, 20, 18 }, { 5, 25, 40 }, { 6, 40, 35 }, { 7, 30, 90 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ConnectedComponents_RandomGraph_SamePartitionAsQuikGraph(int seed, int vertices, int edges)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);
        var undirected = new UndirectedGraph<long, SEdge<long>>();
        undirected.AddVertexRange(random.Ids);
        undirected.AddEdgeRange(random.Edges.Select(e => new SEdge<long>(e.Src, e.Dst)));
        var quik = new ConnectedComponentsAlgorithm<long, SEdge<long>>(undirected);
        quik.Compute();

        var ccs = Collect(random.ToGraph(Context).ConnectedComponents());

        AssertSameComponents(quik.Components, ccs);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StronglyConnectedComponents_RandomGraph_SamePartitionAsQuikGraph(int seed, int vertices, int edges)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);
        var quik = new StronglyConnectedComponentsAlgorithm<long, SEdge<long>>(Directed(random));
        quik.Compute();

        var sccs = Collect(random.ToGraph(Context).StronglyConnectedComponents(vertices + 1));

        AssertSameComponents(quik.Components, sccs);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ShortestPaths_RandomGraph_HopCountsEqualQuikGraphDijkstraOnReversedGraph(int seed, int vertices, int edges)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);
        var landmarks = random.Ids.Take(3).ToArray();
        // ShortestPaths measures from each vertex to a landmark; Dijkstra measures from a root: so run it on the reverse.
        var reversed = Directed(random with { Edges = [.. random.Edges.Select(e => (e.Dst, e.Src))] });
        var expected = random.Ids.ToDictionary(id => id, _ => new Dictionary<long, int>());
        foreach (var landmark in landmarks)
        {
            var dijkstra = new DijkstraShortestPathAlgorithm<long, SEdge<long>>(reversed, _ => 1.0);
            dijkstra.Compute(landmark);
            foreach (var id in random.Ids)
            {
                if (dijkstra.TryGetDistance(id, out var distance) && !double.IsInfinity(distance) && distance < double.MaxValue)
                    expected[id][landmark] = (int)distance;
            }
        }

        var results = Collect(ShortestPaths.Run(random.ToGraph(Context), landmarks));

        Assert.All(random.Ids, id => Assert.Equal(expected[id], results[id].ToDictionary()));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void StaticPageRank_RandomGraph_EqualsPowerIterationToE9(int seed, int vertices, int edges)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);
        var expected = ReferenceAlgorithms.PageRank(random.Ids, random.Edges, 0.15, iterations: 15);

        var ranks = Collect(random.ToGraph(Context).StaticPageRank(15));

        Assert.All(expected, kv => Assert.Equal(kv.Value, ranks[kv.Key], 1e-9));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void DynamicPageRank_RandomGraph_EqualsConvergedPowerIterationToE9(int seed, int vertices, int edges)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);
        var expected = ReferenceAlgorithms.PageRank(random.Ids, random.Edges, 0.15);

        var ranks = Collect(random.ToGraph(Context).PageRank(1e-13));

        Assert.All(expected, kv => Assert.Equal(kv.Value, ranks[kv.Key], 1e-9));
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PersonalizedPageRank_RandomGraph_StaticAndDynamicEqualPowerIterationToE9(int seed, int vertices, int edges)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);
        var source = random.Ids[0];
        var graph = random.ToGraph(Context).Cache();

        var staticRanks = Collect(graph.StaticPersonalizedPageRank(source, 12));
        var dynamicRanks = Collect(graph.PersonalizedPageRank(source, 1e-13));

        var expectedStatic = ReferenceAlgorithms.PageRank(random.Ids, random.Edges, 0.15, iterations: 12, source: source);
        Assert.All(expectedStatic, kv => Assert.Equal(kv.Value, staticRanks[kv.Key], 1e-9));
        var expectedConverged = ReferenceAlgorithms.PageRank(random.Ids, random.Edges, 0.15, source: source);
        Assert.All(expectedConverged, kv => Assert.Equal(kv.Value, dynamicRanks[kv.Key], 1e-9));
    }

    private static BidirectionalGraph<long, SEdge<long>> Directed(RandomGraph random)
    {
        var graph = new BidirectionalGraph<long, SEdge<long>>(allowParallelEdges: true);
        graph.AddVertexRange(random.Ids);
        graph.AddEdgeRange(random.Edges.Select(e => new SEdge<long>(e.Src, e.Dst)));
        return graph;
    }

    // Same partition of the vertices, and each of Ember's labels is the smallest id of its component (GraphX's contract).
    private static void AssertSameComponents(IDictionary<long, int> quikComponents, IReadOnlyDictionary<long, long> emberLabels)
    {
        Assert.Equal(quikComponents.Keys.Order(), emberLabels.Keys.Order());
        var expectedLabel = quikComponents.GroupBy(kv => kv.Value).SelectMany(g => g.Select(kv => (Id: kv.Key, Label: g.Min(x => x.Key))));
        Assert.All(expectedLabel, v => Assert.Equal(v.Label, emberLabels[v.Id]));
    }
}

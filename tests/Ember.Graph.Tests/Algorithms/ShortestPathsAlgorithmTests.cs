namespace Ember.Graph.Tests.Algorithms;

/// <summary>GraphX's ShortestPathsSuite case and the contract's edge cases.</summary>
public class ShortestPathsAlgorithmTests : AlgorithmTestContext
{
    [Fact]
    public void Run_GraphXSuiteGraph_HopCountsToBothLandmarks()
    {
        var edgeSeq = new[] { (1L, 2L), (1L, 5L), (2L, 3L), (2L, 5L), (3L, 4L), (4L, 5L), (4L, 6L) }
            .SelectMany(e => new[] { e, (e.Item2, e.Item1) });
        var graph = Graph.FromEdgeTuples(Context.Parallelize(edgeSeq, 2), 1);

        var results = Collect(ShortestPaths.Run(graph, [1, 4]));

        var expected = new Dictionary<long, Dictionary<long, int>>
        {
            [1] = new() { [1] = 0, [4] = 2 }, [2] = new() { [1] = 1, [4] = 2 }, [3] = new() { [1] = 2, [4] = 1 },
            [4] = new() { [1] = 2, [4] = 0 }, [5] = new() { [1] = 1, [4] = 1 }, [6] = new() { [1] = 3, [4] = 1 },
        };
        Assert.Equal(expected.Keys.Order(), results.Keys.Order());
        Assert.All(results, kv => Assert.Equal(expected[kv.Key], kv.Value.ToDictionary()));
    }

    [Fact]
    public void Run_DirectedChain_OnlyVerticesUpstreamReachTheLandmark()
    {
        var graph = Graph.FromEdgeTuples(Context.Parallelize(GraphGenerators.Chain(0, 5), 2), 0);

        var results = Collect(ShortestPaths.Run(graph, [2]));

        Assert.Equal(2, results[0][2]);
        Assert.Equal(1, results[1][2]);
        Assert.Equal(0, results[2][2]);
        Assert.Empty(results[3]);
        Assert.Empty(results[4]);
    }
}

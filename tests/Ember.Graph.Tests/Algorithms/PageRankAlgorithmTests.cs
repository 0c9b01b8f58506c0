namespace Ember.Graph.Tests.Algorithms;

/// <summary>GraphX's PageRankSuite, case by case, with its expected values (igraph/NetworkX figures times N) or reference computations.</summary>
public class PageRankAlgorithmTests : AlgorithmTestContext
{
    private const double ResetProb = 0.15;
    private const double Tol = 0.0001;
    private const double ErrorTol = 1.0e-5;

    [Fact]
    public void StaticAndDynamic_StarGraph_CentreAndLeavesAsIgraph()
    {
        const int nVertices = 100;
        var starGraph = GraphGenerators.StarGraph(Context, nVertices).Cache();

        var staticRanks = Collect(starGraph.StaticPageRank(2, ResetProb));
        var staticRanks2 = Collect(starGraph.StaticPageRank(3, ResetProb));
        // Static PageRank takes only 2 iterations to converge on a star.
        Assert.All(staticRanks, kv => Assert.Equal(kv.Value, staticRanks2[kv.Key], 12));

        var dynamicRanks = Collect(starGraph.PageRank(Tol, ResetProb));
        Assert.True(CompareRanks(staticRanks, dynamicRanks) < ErrorTol);

        // igraph: page_rank(make_star(100, mode = "in")), times N for GraphX's normalization
        var igraph = Enumerable.Range(0, nVertices).ToDictionary(v => (long)v, v => (v == 0 ? 0.462394787 : 0.005430356) * nVertices);
        Assert.True(CompareRanks(staticRanks, igraph) < ErrorTol);
        Assert.True(CompareRanks(dynamicRanks, igraph) < ErrorTol);
    }

    [Fact]
    public void Personalized_StarGraph_SourceCentreHoldsAllRankAndLeafSourceSplitsWithCentre()
    {
        const int nVertices = 100;
        var starGraph = GraphGenerators.StarGraph(Context, nVertices).Cache();

        var staticRanks = Collect(starGraph.StaticPersonalizedPageRank(0, 2, ResetProb));
        var dynamicRanks = Collect(starGraph.PersonalizedPageRank(0, Tol, ResetProb));
        Assert.True(CompareRanks(staticRanks, dynamicRanks) < ErrorTol);
        var ranks0 = Enumerable.Range(0, nVertices).ToDictionary(v => (long)v, v => v == 0 ? 1.0 : 0.0);
        Assert.True(CompareRanks(staticRanks, ranks0) < ErrorTol);
        Assert.True(CompareRanks(dynamicRanks, ranks0) < ErrorTol);

        // one outbound edge from 1 to 0: igraph (arpack) gives 0.4594595 at the centre, 0.5405405 at the source
        var otherStaticRanks = Collect(starGraph.StaticPersonalizedPageRank(1, 2, ResetProb));
        var otherDynamicRanks = Collect(starGraph.PersonalizedPageRank(1, Tol, ResetProb));
        Assert.True(CompareRanks(otherDynamicRanks, otherStaticRanks) < ErrorTol);
        var ranks1 = Enumerable.Range(0, nVertices).ToDictionary(v => (long)v, v => v switch { 0 => 0.4594595, 1 => 0.5405405, _ => 0.0 });
        Assert.True(CompareRanks(otherStaticRanks, ranks1) < ErrorTol);
        Assert.True(CompareRanks(otherDynamicRanks, ranks1) < ErrorTol);
    }

    [Fact]
    public void StaticAndDynamic_GridGraph_EqualGridPageRankReference()
    {
        const int rows = 10, cols = 10, numIter = 50;
        var gridGraph = GraphGenerators.GridGraph(Context, rows, cols).Cache();

        var staticRanks = Collect(gridGraph.StaticPageRank(numIter, ResetProb));
        var dynamicRanks = Collect(gridGraph.PageRank(Tol, ResetProb));
        var referenceRanks = GridPageRank(rows, cols, numIter, ResetProb);

        Assert.True(CompareRanks(staticRanks, referenceRanks) < ErrorTol);
        Assert.True(CompareRanks(dynamicRanks, referenceRanks) < ErrorTol);
    }

    [Fact]
    public void StaticAndDynamic_Chain_Agree()
    {
        var chain = Graph.FromEdgeTuples(Context.Parallelize(GraphGenerators.Chain(0, 10), 1), 1.0).Cache();

        var staticRanks = Collect(chain.StaticPageRank(10, ResetProb));
        var dynamicRanks = Collect(chain.PageRank(Tol, ResetProb));

        Assert.True(CompareRanks(staticRanks, dynamicRanks) < ErrorTol);
    }

    [Fact]
    public void Personalized_ChainWithLargeIds_RankDecaysWithDistanceFromSource()
    {
        // ids above int.MaxValue (SPARK-25149)
        const long vertexIdOffset = int.MaxValue + 1L;
        const int sourceOffset = 4, numIter = 10;
        const long source = vertexIdOffset + sourceOffset;
        var chain = Graph.FromEdgeTuples(Context.Parallelize(GraphGenerators.Chain(vertexIdOffset, numIter), 1), 1.0).Cache();

        var a = ResetProb / (1 - Math.Pow(1 - ResetProb, numIter - sourceOffset));
        var expected = Enumerable.Range(0, numIter).Select(i => vertexIdOffset + i)
            .ToDictionary(vid => vid, vid => vid < source ? 0.0 : a * Math.Pow(1 - ResetProb, vid - source));

        Assert.True(CompareRanks(Collect(chain.StaticPersonalizedPageRank(source, numIter, ResetProb)), expected) < 1.0e-1);
        Assert.True(CompareRanks(Collect(chain.PersonalizedPageRank(source, Tol, ResetProb)), expected) < 1.0e-1);
    }

    [Fact]
    public void StaticAndDynamic_LoopWithSource_AsIgraph() =>
        // igraph: page_rank(graph_from_literal(A -+ B -+ C -+ D -+ B))
        AssertStaticAndDynamicAsIgraph([(1L, 2L), (2L, 3L), (3L, 4L), (4L, 2L)], 50, [0.0375000, 0.3326045, 0.3202138, 0.3096817]);

    [Fact]
    public void StaticAndDynamic_LoopWithSink_AsIgraph() =>
        // igraph: page_rank(graph_from_literal(A -+ B -+ C -+ A -+ D))
        AssertStaticAndDynamicAsIgraph([(1L, 2L), (2L, 3L), (3L, 1L), (1L, 4L)], 20, [0.3078534, 0.2137622, 0.2646223, 0.2137622]);

    [Fact]
    public void Run_NonPositiveIterationsOrResetOutsideUnitInterval_Throws()
    {
        var g = Graph.FromEdgeTuples(Context.Parallelize(new[] { (1L, 2L) }), 1);

        Assert.Throws<ArgumentOutOfRangeException>("numIter", () => PageRank.Run(g, 0));
        Assert.Throws<ArgumentOutOfRangeException>("resetProb", () => PageRank.Run(g, 1, resetProb: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>("tol", () => PageRank.RunUntilConvergence(g, -1));
    }

    // Vertices 1..4; igraph's ranks sum to 1, GraphX's to N, hence the factor 4.
    private void AssertStaticAndDynamicAsIgraph((long, long)[] edges, int numIter, double[] igraphRanks)
    {
        var g = Graph.FromEdgeTuples(Context.Parallelize(edges), 1);

        var staticRanks = Collect(g.StaticPageRank(numIter, ResetProb));
        var dynamicRanks = Collect(g.PageRank(Tol, ResetProb));
        Assert.True(CompareRanks(staticRanks, dynamicRanks) < ErrorTol);

        var igraph = igraphRanks.Select((pr, i) => (Id: i + 1L, Rank: pr * 4)).ToDictionary(x => x.Id, x => x.Rank);
        Assert.True(CompareRanks(staticRanks, igraph) < ErrorTol);
        Assert.True(CompareRanks(dynamicRanks, igraph) < ErrorTol);
    }

    // PageRankSuite's GridPageRank: the fixed point iterated on arrays, rescaled to sum to N.
    private static Dictionary<long, double> GridPageRank(int nRows, int nCols, int nIter, double resetProb)
    {
        var edges = new List<(long, long)>();
        for (var r = 0; r < nRows; r++)
        {
            for (var c = 0; c < nCols; c++)
            {
                if (r + 1 < nRows)
                    edges.Add((r * nCols + c, (r + 1) * nCols + c));
                if (c + 1 < nCols)
                    edges.Add((r * nCols + c, r * nCols + c + 1));
            }
        }
        return ReferenceAlgorithms.PageRank(Enumerable.Range(0, nRows * nCols).Select(i => (long)i).ToList(), edges, resetProb, nIter);
    }
}

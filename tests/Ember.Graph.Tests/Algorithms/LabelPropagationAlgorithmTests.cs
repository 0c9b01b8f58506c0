namespace Ember.Graph.Tests.Algorithms;

/// <summary>GraphX's LabelPropagationSuite, hand-worked graphs, and random graphs against a LINQ reference.</summary>
public class LabelPropagationAlgorithmTests : AlgorithmTestContext
{
    [Fact]
    public void Run_TwoCliquesJoinedByOneEdge_OneLabelPerClique()
    {
        // LabelPropagationSuite: two cliques (self-loops included) joined by the edge 0 -> 5
        const int n = 5;
        var clique1 = from u in Enumerable.Range(0, n) from v in Enumerable.Range(0, n) select new Edge<int>(u, v, 1);
        var clique2 = from u in Enumerable.Range(0, n + 1) from v in Enumerable.Range(0, n + 1) select new Edge<int>(u + n, v + n, 1);
        var graph = Graph.FromEdges(Context.Parallelize(clique1.Concat(clique2).Append(new Edge<int>(0, n, 1)), 3), 1);

        var labels = Collect(LabelPropagation.Run(graph, n * 4));

        var clique1Labels = labels.Where(kv => kv.Key < n).Select(kv => kv.Value).Distinct().ToList();
        var clique2Labels = labels.Where(kv => kv.Key >= n).Select(kv => kv.Value).Distinct().ToList();
        Assert.Single(clique1Labels);
        Assert.Single(clique2Labels);
        Assert.NotEqual(clique1Labels[0], clique2Labels[0]);
    }

    [Fact]
    public void Run_PathOfThree_HandWorkedLabelsPerStep()
    {
        // 1 - 2 - 3 (edges 1->2, 2->3). Step 1: 1 hears {2} -> 2; 2 hears {1, 3}, a tie -> 1; 3 hears {2} -> 2.
        // Step 2: 1 hears {1} -> 1; 2 hears {2, 2} -> 2; 3 hears {1} -> 1.
        var graph = Graph.FromEdgeTuples(Context.Parallelize(new[] { (1L, 2L), (2L, 3L) }, 2), 0);

        Assert.Equal(new Dictionary<long, long> { [1] = 2, [2] = 1, [3] = 2 }, Collect(LabelPropagation.Run(graph, 1)));
        Assert.Equal(new Dictionary<long, long> { [1] = 1, [2] = 2, [3] = 1 }, Collect(LabelPropagation.Run(graph, 2)));
    }

    [Fact]
    public void Run_IsolatedVertex_KeepsItsOwnId()
    {
        var vertices = Context.Parallelize(new[] { (1L, 0), (2L, 0), (9L, 0) });
        var graph = Graph.Create(vertices, Context.Parallelize(new[] { new Edge<int>(1, 2, 0) }), 0);

        Assert.Equal(9L, Collect(LabelPropagation.Run(graph, 3))[9]);
    }

    [Theory]
    [InlineData(1, 10, 15, 1)]
    [InlineData(2, 15, 30, 3)]
    [InlineData(3, 25, 40, 5)]
    [InlineData(4, 30, 90, 4)]
    public void Run_RandomGraph_EqualsLinqSynchronousRounds(int seed, int vertices, int edges, int steps)
    {
        var random = GraphGenerators.Random(seed, vertices, edges);

        var labels = Collect(LabelPropagation.Run(random.ToGraph(Context), steps));

        Assert.Equal(ReferenceAlgorithms.LabelPropagation(random.Ids, random.Edges, steps), labels);
    }

    [Fact]
    public void Run_NonPositiveSteps_Throws()
    {
        var graph = Graph.FromEdgeTuples(Context.Parallelize(new[] { (0L, 1L) }), 1);

        Assert.Throws<ArgumentOutOfRangeException>("maxSteps", () => LabelPropagation.Run(graph, 0));
    }
}

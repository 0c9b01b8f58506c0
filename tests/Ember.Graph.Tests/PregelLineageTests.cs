namespace Ember.Graph.Tests;

public sealed class PregelLineageTests : GraphTests
{
    [Fact]
    public void Pregel_200Supersteps_CompletesWithBoundedLineage()
    {
        var result = CountTo200(Context);

        Assert.All(result.Vertices.Collect(), v => Assert.Equal(200, v.Attr));
        Assert.True(LineageDepth(result.Vertices) < 40, $"lineage depth {LineageDepth(result.Vertices)}");
    }

    [Fact]
    public void Pregel_200Supersteps_WithCheckpointDirectory_WritesReliableCheckpointsAndKeepsTheNewest()
    {
        var directory = Directory.CreateTempSubdirectory("ember-graph-pregel-").FullName;
        try
        {
            Context.SetCheckpointDir(directory);

            var result = CountTo200(Context);

            Assert.All(result.Vertices.Collect(), v => Assert.Equal(200, v.Attr));
            Assert.True(LineageDepth(result.Vertices) < 40, $"lineage depth {LineageDepth(result.Vertices)}");
            // Older checkpoints are deleted as newer ones are written: a handful remain, not twenty.
            Assert.InRange(Directory.GetDirectories(directory, "rdd-*", SearchOption.AllDirectories).Length, 1, 6);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Pregel_CheckpointIntervalOff_LineageGrowsWithSupersteps()
    {
        using var context = new EmberContext(new EmberOptions { Master = "local[2]", Settings = { ["spark.graphx.pregel.checkpointInterval"] = "-1" } });

        var result = CountTo(context, 30);

        Assert.True(LineageDepth(result.Vertices) > 60, $"lineage depth {LineageDepth(result.Vertices)}");
    }

    private static Graph<int, int> CountTo200(EmberContext context) => CountTo(context, 200);

    /// <summary>A ring where every vertex counts the supersteps: each one messages its neighbour until it reaches <paramref name="target"/>.</summary>
    private static Graph<int, int> CountTo(EmberContext context, int target)
    {
        var edges = context.Parallelize(Enumerable.Range(0, 20).Select(i => new Edge<int>(i, (i + 1) % 20, 0)), 3);
        return Graph.FromEdges(edges, -1).Pregel(0, 1000, EdgeDirection.Out,
            (_, count, _) => count + 1,
            triplet => triplet.SrcAttr < target ? [(triplet.DstId, 1)] : [],
            (a, _) => a);
    }

    /// <summary>The longest chain of dependencies from <paramref name="rdd"/> to a source or checkpoint.</summary>
    private static int LineageDepth(Rdd rdd)
    {
        var depths = new Dictionary<Rdd, int>();
        int Depth(Rdd current) => depths.TryGetValue(current, out var known)
            ? known
            : depths[current] = 1 + current.Dependencies.Select(d => Depth(d.Parent)).DefaultIfEmpty(0).Max();
        return Depth(rdd);
    }
}

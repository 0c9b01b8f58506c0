namespace Ember.Graph.Tests;

public sealed class GraphCheckpointTests : GraphTests
{
    [Fact]
    public void Checkpoint_WithDirectory_CutsTheLineage_AndOperatorsStillWork()
    {
        var directory = Directory.CreateTempSubdirectory("ember-graph-checkpoint-").FullName;
        try
        {
            Context.SetCheckpointDir(directory);
            var random = RandomGraph.Create(81);
            var graph = random.ToGraph(Context).MapVertices((_, attr) => attr * 2).Cache();
            var before = graph.AggregateMessages<int>(c => c.SendToDst(c.SrcAttr), (a, b) => a + b, TripletFields.Src).Collect().Order().ToList();

            graph.Checkpoint();
            Assert.Equal(random.Edges.Count, graph.Triplets.Count());

            Assert.True(graph.State.IsCheckpointed && graph.Index.IsCheckpointed && graph.EdgePartitions.IsCheckpointed);
            Assert.NotEmpty(Directory.GetDirectories(directory, "rdd-*", SearchOption.AllDirectories));
            Assert.Equal(random.Vertices.Select(v => (v.Id, v.Attr * 2)).Order(), graph.Vertices.Collect().Order());
            Assert.Equal(before, graph.AggregateMessages<int>(c => c.SendToDst(c.SrcAttr), (a, b) => a + b, TripletFields.Src).Collect().Order());
            Assert.Equal(Sorted(random.Edges), Sorted(graph.Reverse().Reverse().Edges.Collect()));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Checkpoint_WithoutDirectory_Throws()
    {
        var graph = RandomGraph.Create(82).ToGraph(Context);

        Assert.Throws<InvalidOperationException>(graph.Checkpoint);
    }
}

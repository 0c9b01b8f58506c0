namespace Ember.Graph.Tests;

/// <summary>A seeded random multigraph (self-loops and parallel edges included) and its plain lists, for LINQ references.</summary>
public sealed record RandomGraph(IReadOnlyList<(long Id, int Attr)> Vertices, IReadOnlyList<Edge<int>> Edges)
{
    public static RandomGraph Create(int seed, int vertexCount = 30, int edgeCount = 80)
    {
        var random = new Random(seed);
        // Sparse, some negative ids: placement and lookups must not assume 0..n.
        var ids = Enumerable.Range(0, vertexCount).Select(i => (long)(i * 7 - 40)).ToArray();
        var vertices = ids.Select(id => (id, random.Next(100))).ToList();
        var edges = Enumerable.Range(0, edgeCount)
            .Select(_ => new Edge<int>(ids[random.Next(ids.Length)], ids[random.Next(ids.Length)], random.Next(1000)))
            .ToList();
        return new RandomGraph(vertices, edges);
    }

    public Graph<int, int> ToGraph(EmberContext context, int vertexPartitions = 3, int edgePartitions = 4) =>
        Graph.Create(context.Parallelize(Vertices, vertexPartitions), context.Parallelize(Edges, edgePartitions), -1);

    public IReadOnlyDictionary<long, int> AttrOf => Vertices.ToDictionary(v => v.Id, v => v.Attr);
}

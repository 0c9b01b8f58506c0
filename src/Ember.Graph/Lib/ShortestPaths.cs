namespace Ember.Graph;

/// <summary>
/// Shortest paths to landmarks, as GraphX's <c>lib.ShortestPaths</c>: for every vertex, the number of edges on a
/// shortest path from it to each landmark it can reach, following edge directions.
/// </summary>
public static class ShortestPaths
{
    /// <summary>
    /// Computes, for every vertex, a map from each reachable landmark to the hop count of a shortest directed path
    /// from the vertex to it (a landmark maps itself to 0; unreachable landmarks are absent). Runs on
    /// <see cref="Graph{TVertex, TEdge}.Pregel{TMsg}"/> (active direction <see cref="EdgeDirection.Either"/>): an edge
    /// passes its destination's map, one hop longer, to its source while that improves the source's map; it stops when
    /// nothing improves, after about the graph's diameter supersteps. Edge weights are not used.
    /// </summary>
    /// <param name="graph">The graph; vertex attributes are discarded, edge attributes kept.</param>
    /// <param name="landmarks">The vertex ids to compute distances to.</param>
    /// <returns>The graph with each vertex's distances to the landmarks it reaches.</returns>
    public static Graph<IReadOnlyDictionary<long, int>, TE> Run<TV, TE>(Graph<TV, TE> graph, IReadOnlyList<long> landmarks)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(landmarks);
        var landmarkSet = landmarks.ToHashSet();
        var spGraph = graph.MapVertices<IReadOnlyDictionary<long, int>>((vid, _) =>
            landmarkSet.Contains(vid) ? new Dictionary<long, int> { [vid] = 0 } : new Dictionary<long, int>());

        static IEnumerable<(long Id, IReadOnlyDictionary<long, int> Msg)> SendMessage(EdgeTriplet<IReadOnlyDictionary<long, int>, TE> edge)
        {
            var newAttr = IncrementMap(edge.DstAttr);
            return SameMap(edge.SrcAttr, AddMaps(newAttr, edge.SrcAttr)) ? [] : [(edge.SrcId, newAttr)];
        }

        return spGraph.Pregel<IReadOnlyDictionary<long, int>>(new Dictionary<long, int>(), int.MaxValue, EdgeDirection.Either,
            (_, attr, msg) => AddMaps(attr, msg), SendMessage, AddMaps);
    }

    private static IReadOnlyDictionary<long, int> IncrementMap(IReadOnlyDictionary<long, int> spmap) =>
        spmap.ToDictionary(kv => kv.Key, kv => kv.Value + 1);

    private static IReadOnlyDictionary<long, int> AddMaps(IReadOnlyDictionary<long, int> spmap1, IReadOnlyDictionary<long, int> spmap2)
    {
        var map = new Dictionary<long, int>(spmap1);
        foreach (var (landmark, distance) in spmap2)
            map[landmark] = map.TryGetValue(landmark, out var known) ? Math.Min(known, distance) : distance;
        return map;
    }

    private static bool SameMap(IReadOnlyDictionary<long, int> a, IReadOnlyDictionary<long, int> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var d) && d == kv.Value);
}

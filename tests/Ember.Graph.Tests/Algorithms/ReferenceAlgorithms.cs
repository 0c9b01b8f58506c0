namespace Ember.Graph.Tests.Algorithms;

/// <summary>Single-threaded reference implementations, written from the algorithms' definitions, to test Ember's against.</summary>
internal static class ReferenceAlgorithms
{
    /// <summary>
    /// GraphX's PageRank fixed point by power iteration: PR[i] = reset(i) + (1 - resetProb) * sum of PR[j] / outDeg[j]
    /// over the in-edges j → i (duplicates counted), starting from 1 everywhere (personalized: 1 at the source only),
    /// then rescaled to sum to N (personalized: 1). Runs <paramref name="iterations"/> steps, or until no rank
    /// moves by more than 1e-15 when null.
    /// </summary>
    public static Dictionary<long, double> PageRank(IReadOnlyList<long> ids, IReadOnlyList<(long Src, long Dst)> edges,
        double resetProb = 0.15, int? iterations = null, long? source = null)
    {
        var index = ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        var outDegree = new int[ids.Count];
        foreach (var (src, _) in edges)
            outDegree[index[src]]++;
        var pr = ids.Select(id => source is null || id == source ? 1.0 : 0.0).ToArray();
        for (var iter = 0; iterations is null ? iter < 100_000 : iter < iterations; iter++)
        {
            var next = ids.Select(id => source is null ? resetProb : id == source ? resetProb : 0.0).ToArray();
            foreach (var (src, dst) in edges)
                next[index[dst]] += (1.0 - resetProb) * pr[index[src]] / outDegree[index[src]];
            var change = next.Zip(pr, (a, b) => Math.Abs(a - b)).Max();
            pr = next;
            if (iterations is null && change < 1e-15)
                break;
        }
        var scale = (source is null ? ids.Count : 1.0) / pr.Sum();
        return ids.ToDictionary(id => id, id => pr[index[id]] * scale);
    }

    /// <summary>Triangles through each vertex, by LINQ over the undirected simple graph (no loops, no duplicates).</summary>
    public static Dictionary<long, int> TriangleCounts(IReadOnlyList<long> ids, IEnumerable<(long Src, long Dst)> edges)
    {
        var neighbours = UndirectedNeighbours(ids, edges.Where(e => e.Src != e.Dst));
        return ids.ToDictionary(v => v, v =>
            (from a in neighbours[v] from b in neighbours[v] where a < b && neighbours[a].Contains(b) select 1).Count());
    }

    /// <summary>
    /// Synchronous label propagation as GraphX's Pregel runs it: <paramref name="steps"/> rounds, each vertex taking the
    /// label most frequent over its edges' other ends (an edge counts once for each end; a self-loop twice for its
    /// vertex), ties to the smallest label; a vertex without edges keeps its own id.
    /// </summary>
    public static Dictionary<long, long> LabelPropagation(IReadOnlyList<long> ids, IReadOnlyList<(long Src, long Dst)> edges, int steps)
    {
        var labels = ids.ToDictionary(id => id, id => id);
        for (var step = 0; step < steps; step++)
        {
            var votes = edges.SelectMany(e => new[] { (Vertex: e.Src, Label: labels[e.Dst]), (Vertex: e.Dst, Label: labels[e.Src]) })
                .GroupBy(v => v.Vertex)
                .ToDictionary(g => g.Key, g => g.GroupBy(v => v.Label).OrderByDescending(l => l.Count()).ThenBy(l => l.Key).First().Key);
            labels = ids.ToDictionary(id => id, id => votes.GetValueOrDefault(id, labels[id]));
        }
        return labels;
    }

    /// <summary>Each vertex's set of neighbours, ignoring direction.</summary>
    public static Dictionary<long, HashSet<long>> UndirectedNeighbours(IReadOnlyList<long> ids, IEnumerable<(long Src, long Dst)> edges)
    {
        var neighbours = ids.ToDictionary(id => id, _ => new HashSet<long>());
        foreach (var (src, dst) in edges)
        {
            neighbours[src].Add(dst);
            neighbours[dst].Add(src);
        }
        return neighbours;
    }
}

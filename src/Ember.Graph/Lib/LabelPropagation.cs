namespace Ember.Graph;

/// <summary>
/// Label propagation community detection, as GraphX's <c>lib.LabelPropagation</c> (Raghavan, Albert and Kumara):
/// every vertex starts with its own id as label and, each superstep, takes the label most frequent among its neighbours
/// (edges in either direction).
/// </summary>
/// <remarks>
/// Synchronous rounds do not always converge (a bipartite graph can swap labels for ever), so it runs exactly
/// <c>maxSteps</c> supersteps. Ties: GraphX takes whichever tied label its hash map yields first, which is not defined;
/// Ember takes the smallest tied label, so results are deterministic and reproducible across runs and partitionings.
/// </remarks>
public static class LabelPropagation
{
    /// <summary>
    /// Runs <paramref name="maxSteps"/> supersteps of label propagation on <see cref="Graph{TVertex, TEdge}.Pregel{TMsg}"/>.
    /// Each superstep shuffles one label-count map per vertex and neighbour label, so its cost grows with the edges.
    /// </summary>
    /// <param name="graph">The graph; vertex attributes are discarded, edge attributes kept.</param>
    /// <param name="maxSteps">Supersteps to run, at least 1.</param>
    /// <returns>The graph with each vertex's community label (a vertex id).</returns>
    public static Graph<long, TE> Run<TV, TE>(Graph<TV, TE> graph, int maxSteps)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        var lpaGraph = graph.MapVertices((vid, _) => vid);

        static IEnumerable<(long Id, IReadOnlyDictionary<long, long> Msg)> SendMessage(EdgeTriplet<long, TE> e) =>
            [(e.SrcId, new Dictionary<long, long> { [e.DstAttr] = 1L }), (e.DstId, new Dictionary<long, long> { [e.SrcAttr] = 1L })];

        static IReadOnlyDictionary<long, long> MergeMessage(IReadOnlyDictionary<long, long> count1, IReadOnlyDictionary<long, long> count2)
        {
            var map = new Dictionary<long, long>(count1);
            foreach (var (label, count) in count2)
                map[label] = map.GetValueOrDefault(label) + count;
            return map;
        }

        static long VertexProgram(long vid, long attr, IReadOnlyDictionary<long, long> message)
        {
            if (message.Count == 0)
                return attr;
            var (best, bestCount) = (long.MaxValue, long.MinValue);
            foreach (var (label, count) in message)
            {
                if (count > bestCount || (count == bestCount && label < best))
                    (best, bestCount) = (label, count);
            }
            return best;
        }

        return lpaGraph.Pregel<IReadOnlyDictionary<long, long>>(new Dictionary<long, long>(), maxSteps, EdgeDirection.Either,
            VertexProgram, SendMessage, MergeMessage);
    }
}

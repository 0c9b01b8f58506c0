namespace Ember.Graph.Impl;

/// <summary>
/// Ships vertex attributes to the edge partitions that hold the vertices (GraphX's ReplicatedVertexView): each vertex
/// partition sends each edge partition one block with the attributes its routing table says that partition needs, as
/// source, destination or both depending on the triplet fields asked for; a block lands straight in the edge
/// partition's local-id array. One shuffle of one block per pair of partitions.
/// </summary>
internal static class ReplicatedViews
{
    public static Rdd<VertexView<TVertex>> Ship<TVertex, TEdge>(
        Rdd<VertexIndex> index, Rdd<VertexState<TVertex>> state, Rdd<EdgePartition<TEdge>> edges, byte flags, bool withActive)
    {
        var edgePartitionCount = edges.Partitions.Count;
        var blocks = index
            .ZipPartitions(state, (indexes, states) => Blocks(indexes.Single(), states.Single(), flags, withActive))
            .PartitionBy(new PartitionIdPartitioner(edgePartitionCount));
        return edges.ZipPartitions(blocks, (parts, received) => GraphBuilder.Single(Assemble(parts.Single(), received, withActive)));
    }

    private static IEnumerable<(int Key, VertexBlock<TVertex> Value)> Blocks<TVertex>(VertexIndex index, VertexState<TVertex> state, byte flags, bool withActive)
    {
        var routing = index.Routing;
        for (var partition = 0; partition < routing.EdgePartitionCount; partition++)
        {
            var positions = routing.Positions[partition];
            var locals = routing.EdgeLocals[partition];
            var needs = routing.Flags[partition];
            var count = 0;
            for (var i = 0; i < needs.Length; i++)
            {
                if ((needs[i] & flags) != 0)
                {
                    count++;
                }
            }
            if (count == 0)
            {
                continue;
            }
            var blockLocals = new int[count];
            var blockAttrs = new TVertex[count];
            var blockActive = withActive ? new bool[count] : null;
            var next = 0;
            for (var i = 0; i < needs.Length; i++)
            {
                if ((needs[i] & flags) != 0)
                {
                    blockLocals[next] = locals[i];
                    blockAttrs[next] = state.Attrs[positions[i]];
                    if (blockActive is not null)
                    {
                        blockActive[next] = state.Active is null || state.Active[positions[i]];
                    }
                    next++;
                }
            }
            yield return (partition, new VertexBlock<TVertex>(blockLocals, blockAttrs, blockActive));
        }
    }

    private static VertexView<TVertex> Assemble<TEdge, TVertex>(EdgePartition<TEdge> part, IEnumerable<(int Key, VertexBlock<TVertex> Value)> received, bool withActive)
    {
        var attrs = new TVertex[part.VertexCount];
        var active = withActive ? new bool[part.VertexCount] : null;
        foreach (var (_, block) in received)
        {
            var locals = block.Locals;
            for (var i = 0; i < locals.Length; i++)
            {
                attrs[locals[i]] = block.Attrs[i];
            }
            if (active is not null && block.Active is not null)
            {
                for (var i = 0; i < locals.Length; i++)
                {
                    active[locals[i]] = block.Active[i];
                }
            }
        }
        return new VertexView<TVertex>(attrs, active);
    }
}

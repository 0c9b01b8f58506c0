using Ember.Partitioning;

namespace Ember.Graph.Impl;

/// <summary>
/// AggregateMessages' two halves (GraphX's EdgePartition.aggregateMessages and VertexRDD.aggregateUsingIndex): each
/// edge partition runs the send function over its edges with one reused context and merges messages per local vertex,
/// then sends each vertex partition one block; each vertex partition merges the blocks it receives into an array lined
/// up with its ids. One shuffle of one block per pair of partitions.
/// </summary>
internal static class MessageAggregation
{
    public static Rdd<VertexMessages<TMsg>> Aggregate<TVertex, TEdge, TMsg>(
        Rdd<EdgePartition<TEdge>> edges,
        Rdd<VertexView<TVertex>>? view,
        Rdd<VertexIndex> index,
        IPartitioner vertexPartitioner,
        Action<EdgeContext<TVertex, TEdge, TMsg>> sendMsg,
        Func<TMsg, TMsg, TMsg> mergeMsg,
        EdgeDirection? activeDirection = null)
    {
        var vertexPartitionCount = index.Partitions.Count;
        var blocks = view is null
            ? edges.MapPartitionsWithIndex((partition, parts) => Send(partition, parts.Single(), null, vertexPartitioner, vertexPartitionCount, sendMsg, mergeMsg, null))
            : edges.ZipPartitions(view, (parts, views) => GraphBuilder.Single((Part: parts.Single(), View: views.Single())))
                .MapPartitionsWithIndex((partition, pairs) =>
                {
                    var (part, shipped) = pairs.Single();
                    return Send(partition, part, shipped, vertexPartitioner, vertexPartitionCount, sendMsg, mergeMsg, activeDirection);
                });
        var routed = blocks.PartitionBy(new PartitionIdPartitioner(vertexPartitionCount));
        return index.ZipPartitions(routed, (indexes, received) => GraphBuilder.Single(Merge(indexes.Single(), received, mergeMsg)), preservesPartitioning: true);
    }

    private static IEnumerable<(int Key, MessageBlock<TMsg> Value)> Send<TVertex, TEdge, TMsg>(
        int edgePartition,
        EdgePartition<TEdge> part,
        VertexView<TVertex>? view,
        IPartitioner vertexPartitioner,
        int vertexPartitionCount,
        Action<EdgeContext<TVertex, TEdge, TMsg>> sendMsg,
        Func<TMsg, TMsg, TMsg> mergeMsg,
        EdgeDirection? activeDirection)
    {
        var context = new AggregatingEdgeContext<TVertex, TEdge, TMsg>(mergeMsg, part.LocalToGlobal, part.Attrs, view?.Attrs);
        var active = activeDirection is null ? null : view?.Active;
        var direction = activeDirection.GetValueOrDefault();
        var localSrc = part.LocalSrc;
        var localDst = part.LocalDst;
        for (var i = 0; i < localSrc.Length; i++)
        {
            var src = localSrc[i];
            var dst = localDst[i];
            if (active is not null && !IsActive(direction, active[src], active[dst]))
            {
                continue;
            }
            context.Set(i, src, dst);
            sendMsg(context);
        }
        return Blocks(edgePartition, part, context.Aggregates, context.Received, vertexPartitioner, vertexPartitionCount);
    }

    /// <summary>Pregel's rule for an edge: which endpoints must have received a message last round.</summary>
    private static bool IsActive(EdgeDirection direction, bool srcActive, bool dstActive) => direction switch
    {
        EdgeDirection.Out => srcActive,
        EdgeDirection.In => dstActive,
        EdgeDirection.Either => srcActive || dstActive,
        _ => srcActive && dstActive,
    };

    private static IEnumerable<(int Key, MessageBlock<TMsg> Value)> Blocks<TEdge, TMsg>(
        int edgePartition,
        EdgePartition<TEdge> part, TMsg[] aggregates, bool[] received, IPartitioner vertexPartitioner, int vertexPartitionCount)
    {
        var partitionOf = part.VertexPartitionsOf(vertexPartitioner);
        var counts = new int[vertexPartitionCount];
        for (var local = 0; local < received.Length; local++)
        {
            if (received[local])
            {
                counts[partitionOf[local]]++;
            }
        }
        var locals = new int[vertexPartitionCount][];
        var messages = new TMsg[vertexPartitionCount][];
        for (var partition = 0; partition < vertexPartitionCount; partition++)
        {
            locals[partition] = new int[counts[partition]];
            messages[partition] = new TMsg[counts[partition]];
            counts[partition] = 0;
        }
        for (var local = 0; local < received.Length; local++)
        {
            if (received[local])
            {
                var partition = partitionOf[local];
                var slot = counts[partition]++;
                locals[partition][slot] = local;
                messages[partition][slot] = aggregates[local];
            }
        }
        for (var partition = 0; partition < vertexPartitionCount; partition++)
        {
            if (counts[partition] > 0)
            {
                yield return (partition, new MessageBlock<TMsg>(edgePartition, locals[partition], messages[partition]));
            }
        }
    }

    private static VertexMessages<TMsg> Merge<TMsg>(VertexIndex index, IEnumerable<(int Key, MessageBlock<TMsg> Value)> received, Func<TMsg, TMsg, TMsg> mergeMsg)
    {
        var values = new TMsg[index.Count];
        var got = new bool[index.Count];
        var count = 0;
        foreach (var (_, block) in received)
        {
            var positions = index.PositionsOfLocals(block.EdgePartition);
            for (var i = 0; i < block.Locals.Length; i++)
            {
                var position = positions[block.Locals[i]];
                if (got[position])
                {
                    values[position] = mergeMsg(values[position], block.Messages[i]);
                }
                else
                {
                    values[position] = block.Messages[i];
                    got[position] = true;
                    count++;
                }
            }
        }
        return new VertexMessages<TMsg>(values, got, count);
    }
}

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
            ? edges.MapPartitions(parts => Send(parts.Single(), null, vertexPartitioner, vertexPartitionCount, sendMsg, mergeMsg, null))
            : edges.ZipPartitions(view, (parts, views) => Send(parts.Single(), views.Single(), vertexPartitioner, vertexPartitionCount, sendMsg, mergeMsg, activeDirection));
        var routed = blocks.PartitionBy(new PartitionIdPartitioner(vertexPartitionCount));
        return index.ZipPartitions(routed, (indexes, received) => GraphBuilder.Single(Merge(indexes.Single(), received, mergeMsg)), preservesPartitioning: true);
    }

    private static IEnumerable<(int Key, MessageBlock<TMsg> Value)> Send<TVertex, TEdge, TMsg>(
        EdgePartition<TEdge> part,
        VertexView<TVertex>? view,
        IPartitioner vertexPartitioner,
        int vertexPartitionCount,
        Action<EdgeContext<TVertex, TEdge, TMsg>> sendMsg,
        Func<TMsg, TMsg, TMsg> mergeMsg,
        EdgeDirection? activeDirection)
    {
        var context = new AggregatingEdgeContext<TVertex, TEdge, TMsg>(mergeMsg, part.VertexCount);
        var attrs = view?.Attrs;
        var active = activeDirection is null ? null : view?.Active;
        var direction = activeDirection.GetValueOrDefault();
        for (var i = 0; i < part.Count; i++)
        {
            var src = part.LocalSrc[i];
            var dst = part.LocalDst[i];
            if (active is not null && !IsActive(direction, active[src], active[dst]))
            {
                continue;
            }
            context.Set(part.LocalToGlobal[src], part.LocalToGlobal[dst], src, dst,
                attrs is null ? default! : attrs[src], attrs is null ? default! : attrs[dst], part.Attrs[i]);
            sendMsg(context);
        }
        return Blocks(part, context.Aggregates, context.Received, vertexPartitioner, vertexPartitionCount);
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
        var ids = new long[vertexPartitionCount][];
        var messages = new TMsg[vertexPartitionCount][];
        for (var partition = 0; partition < vertexPartitionCount; partition++)
        {
            ids[partition] = new long[counts[partition]];
            messages[partition] = new TMsg[counts[partition]];
            counts[partition] = 0;
        }
        for (var local = 0; local < received.Length; local++)
        {
            if (received[local])
            {
                var partition = partitionOf[local];
                var slot = counts[partition]++;
                ids[partition][slot] = part.LocalToGlobal[local];
                messages[partition][slot] = aggregates[local];
            }
        }
        for (var partition = 0; partition < vertexPartitionCount; partition++)
        {
            if (counts[partition] > 0)
            {
                yield return (partition, new MessageBlock<TMsg>(ids[partition], messages[partition]));
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
            for (var i = 0; i < block.Ids.Length; i++)
            {
                var position = index.Positions[block.Ids[i]];
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

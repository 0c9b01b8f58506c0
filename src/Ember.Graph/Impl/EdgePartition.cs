using Ember.Partitioning;

namespace Ember.Graph.Impl;

/// <summary>
/// One partition of a graph's edges in compact arrays (GraphX's EdgePartition): edges sorted by (source, destination),
/// endpoints as local ids into <see cref="LocalToGlobal"/>, so that vertex attributes shipped here land in a plain
/// array indexed by local id and scanning the edges allocates nothing. Immutable; operators build new partitions that
/// share the arrays they do not change.
/// </summary>
internal sealed class EdgePartition<TEdge>
{
    private Dictionary<long, int>? globalToLocal;
    private (IPartitioner Partitioner, int[] Partitions)? vertexPartitions;

    public EdgePartition(int[] localSrc, int[] localDst, TEdge[] attrs, long[] localToGlobal)
    {
        LocalSrc = localSrc;
        LocalDst = localDst;
        Attrs = attrs;
        LocalToGlobal = localToGlobal;
    }

    /// <summary>The source of edge <c>i</c>, as a local id.</summary>
    public int[] LocalSrc { get; }

    /// <summary>The destination of edge <c>i</c>, as a local id.</summary>
    public int[] LocalDst { get; }

    /// <summary>The attribute of edge <c>i</c>.</summary>
    public TEdge[] Attrs { get; }

    /// <summary>The vertex id of every local id.</summary>
    public long[] LocalToGlobal { get; }

    public int Count => LocalSrc.Length;

    public int VertexCount => LocalToGlobal.Length;

    public long SrcId(int edge) => LocalToGlobal[LocalSrc[edge]];

    public long DstId(int edge) => LocalToGlobal[LocalDst[edge]];

    /// <summary>The local id of every vertex id, built on first use (the routing table covers the hot path).</summary>
    public Dictionary<long, int> GlobalToLocal
    {
        get
        {
            if (globalToLocal is null)
            {
                var map = new Dictionary<long, int>(LocalToGlobal.Length);
                for (var local = 0; local < LocalToGlobal.Length; local++)
                {
                    map[LocalToGlobal[local]] = local;
                }
                globalToLocal = map;
            }
            return globalToLocal;
        }
    }

    /// <summary>The vertex partition of every local id under <paramref name="partitioner"/>, computed once per partitioner.</summary>
    public int[] VertexPartitionsOf(IPartitioner partitioner)
    {
        if (vertexPartitions is { } known && known.Partitioner.Equals(partitioner))
        {
            return known.Partitions;
        }
        var partitions = new int[LocalToGlobal.Length];
        Func<long, int> partitionOf = partitioner.GetPartition<long>;
        for (var local = 0; local < partitions.Length; local++)
        {
            partitions[local] = partitionOf(LocalToGlobal[local]);
        }
        vertexPartitions = (partitioner, partitions);
        return partitions;
    }

    public IEnumerable<Edge<TEdge>> Edges()
    {
        for (var i = 0; i < LocalSrc.Length; i++)
        {
            yield return new Edge<TEdge>(LocalToGlobal[LocalSrc[i]], LocalToGlobal[LocalDst[i]], Attrs[i]);
        }
    }

    /// <summary>The same edges and local ids with new attributes.</summary>
    public EdgePartition<TEdge2> WithAttrs<TEdge2>(TEdge2[] attrs) => new(LocalSrc, LocalDst, attrs, LocalToGlobal) { globalToLocal = globalToLocal };

    /// <summary>Every edge turned around, sorted again; local ids kept, so the routing table stays valid (with its flags swapped).</summary>
    public EdgePartition<TEdge> Reverse() => Sorted(LocalDst, LocalSrc, Attrs, LocalToGlobal);

    /// <summary>The edges kept by <paramref name="keep"/>, with the same local ids (vertices left without edges stay listed).</summary>
    public EdgePartition<TEdge> Filter(Func<int, bool> keep)
    {
        var src = new List<int>();
        var dst = new List<int>();
        var attrs = new List<TEdge>();
        for (var i = 0; i < LocalSrc.Length; i++)
        {
            if (keep(i))
            {
                src.Add(LocalSrc[i]);
                dst.Add(LocalDst[i]);
                attrs.Add(Attrs[i]);
            }
        }
        return new EdgePartition<TEdge>([.. src], [.. dst], [.. attrs], LocalToGlobal) { globalToLocal = globalToLocal };
    }

    /// <summary>
    /// Parallel edges (same source and destination) merged into one by <paramref name="merge"/>, in edge order (GraphX's
    /// groupEdges). Sorted edges make them adjacent.
    /// </summary>
    public EdgePartition<TEdge> GroupEdges(Func<TEdge, TEdge, TEdge> merge)
    {
        var src = new List<int>();
        var dst = new List<int>();
        var attrs = new List<TEdge>();
        for (var i = 0; i < LocalSrc.Length; i++)
        {
            var last = src.Count - 1;
            if (last >= 0 && LocalToGlobal[src[last]] == SrcId(i) && LocalToGlobal[dst[last]] == DstId(i))
            {
                attrs[last] = merge(attrs[last], Attrs[i]);
            }
            else
            {
                src.Add(LocalSrc[i]);
                dst.Add(LocalDst[i]);
                attrs.Add(Attrs[i]);
            }
        }
        return new EdgePartition<TEdge>([.. src], [.. dst], [.. attrs], LocalToGlobal) { globalToLocal = globalToLocal };
    }

    /// <summary>
    /// Builds a partition from edges in any order: sorted by (source, destination), then local ids given in that order,
    /// so a scan of the edges reads the sources' attributes sequentially.
    /// </summary>
    public static EdgePartition<TEdge> Build(IEnumerable<Edge<TEdge>> edges)
    {
        var list = edges as IReadOnlyList<Edge<TEdge>> ?? [.. edges];
        var keys = new (long Src, long Dst, int Index)[list.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = (list[i].SrcId, list[i].DstId, i);
        }
        // The index breaks ties: a stable order, so parallel edges keep their input order for GroupEdges.
        Array.Sort(keys);
        var globalToLocal = new Dictionary<long, int>();
        var localToGlobal = new List<long>();
        var src = new int[keys.Length];
        var dst = new int[keys.Length];
        var attrs = new TEdge[keys.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            src[i] = LocalOf(keys[i].Src, globalToLocal, localToGlobal);
            dst[i] = LocalOf(keys[i].Dst, globalToLocal, localToGlobal);
            attrs[i] = list[keys[i].Index].Attr;
        }
        return new EdgePartition<TEdge>(src, dst, attrs, [.. localToGlobal]) { globalToLocal = globalToLocal };
    }

    private static int LocalOf(long id, Dictionary<long, int> globalToLocal, List<long> localToGlobal)
    {
        if (!globalToLocal.TryGetValue(id, out var local))
        {
            local = localToGlobal.Count;
            globalToLocal.Add(id, local);
            localToGlobal.Add(id);
        }
        return local;
    }

    private static EdgePartition<TEdge> Sorted(int[] src, int[] dst, TEdge[] attrs, long[] localToGlobal)
    {
        var order = new int[src.Length];
        var keys = new (long Src, long Dst, int Index)[src.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
            keys[i] = (localToGlobal[src[i]], localToGlobal[dst[i]], i);
        }
        // The index breaks ties, as in Build.
        Array.Sort(keys, order);
        var sortedSrc = new int[src.Length];
        var sortedDst = new int[src.Length];
        var sortedAttrs = new TEdge[src.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sortedSrc[i] = src[order[i]];
            sortedDst[i] = dst[order[i]];
            sortedAttrs[i] = attrs[order[i]];
        }
        return new EdgePartition<TEdge>(sortedSrc, sortedDst, sortedAttrs, localToGlobal);
    }
}

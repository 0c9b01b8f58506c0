using FsCheck;
using FsCheck.Xunit;

namespace Ember.Graph.Tests;

/// <summary>Operators against LINQ on FsCheck-generated multigraphs (ids in a small range, so edges share vertices).</summary>
public sealed class OperatorFsCheckTests : GraphTests
{
    [Property(MaxTest = 25)]
    public void SubgraphThenAggregateMessages_EqualsLinq(NonEmptyArray<(byte Src, byte Dst, sbyte Attr)> rawEdges, byte modulus, PositiveInt partitions)
    {
        var edges = rawEdges.Get.Select(e => new Edge<int>(e.Src % 32, e.Dst % 32, e.Attr)).ToList();
        var keep = modulus % 5 + 2;
        var graph = Graph.FromEdges(Context.Parallelize(edges, partitions.Get % 4 + 1), 0).MapVertices((id, _) => (int)id * 3);

        var sums = graph.Subgraph(epred: t => t.Attr >= 0, vpred: (id, _) => id % keep != 0)
            .AggregateMessages<int>(c => { c.SendToDst(c.SrcAttr + c.Attr); c.SendToSrc(1); }, (a, b) => a + b)
            .Collect().Order().ToList();

        var kept = edges.Where(e => e.Attr >= 0 && e.SrcId % keep != 0 && e.DstId % keep != 0);
        var expected = kept.SelectMany(e => new[] { (e.DstId, (int)e.SrcId * 3 + e.Attr), (e.SrcId, 1) })
            .GroupBy(m => m.Item1).Select(g => (g.Key, g.Sum(m => m.Item2))).Order().ToList();
        Assert.Equal(expected, sums);
    }

    [Property(MaxTest = 25)]
    public void OuterJoinVertices_EqualsLinqLeftJoin(NonEmptyArray<(byte Src, byte Dst)> rawEdges, (byte Id, short Value)[] table)
    {
        var edges = rawEdges.Get.Select(e => new Edge<int>(e.Src % 40, e.Dst % 40, 0)).ToList();
        var rows = (table ?? []).Select(t => ((long)(t.Id % 50), (int)t.Value)).DistinctBy(t => t.Item1).ToList();
        var graph = Graph.FromEdges(Context.Parallelize(edges, 3), 7);

        var joined = graph.OuterJoinVertices(Context.Parallelize(rows, 2), (id, attr, value) => value.HasValue ? value.Value : -attr).Vertices.Collect().Order().ToList();

        var lookup = rows.ToDictionary(r => r.Item1, r => r.Item2);
        var expected = edges.SelectMany(e => new[] { e.SrcId, e.DstId }).Distinct().Select(id => (id, lookup.TryGetValue(id, out var v) ? v : -7)).Order().ToList();
        Assert.Equal(expected, joined);
    }
}

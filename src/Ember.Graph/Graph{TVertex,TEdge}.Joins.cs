using Ember.Graph.Impl;

namespace Ember.Graph;

public sealed partial class Graph<TVertex, TEdge>
{
    /// <summary>
    /// Gives every vertex a new attribute from <paramref name="map"/>, handed the matching value of
    /// <paramref name="other"/> or <see cref="Option{T}.None"/> (GraphX's outerJoinVertices). Ids of
    /// <paramref name="other"/> that are not vertices are ignored; an id listed twice gives one of its values (the last
    /// in partition order, as GraphX). No shuffle when <paramref name="other"/> is partitioned like
    /// <see cref="Vertices"/> (it comes from this graph's <see cref="AggregateMessages{TMsg}"/>, degrees or vertices),
    /// else <paramref name="other"/> is shuffled to the vertices. Edges shared.
    /// </summary>
    public Graph<TVertex2, TEdge> OuterJoinVertices<TOther, TVertex2>(Rdd<(long Id, TOther Value)> other, Func<long, TVertex, Option<TOther>, TVertex2> map)
    {
        ArgumentNullException.ThrowIfNull(other);
        ArgumentNullException.ThrowIfNull(map);
        var current = Index.ZipPartitions(State, (indexes, states) => GraphBuilder.Single((Index: indexes.Single(), State: states.Single())), preservesPartitioning: true);
        Rdd<VertexState<TVertex2>> state;
        if (other is MessagesRdd<TOther> messages && ReferenceEquals(messages.Layout, Layout))
        {
            state = current.ZipPartitions(messages.Structured, (parts, values) =>
            {
                var (index, vertexState) = parts.Single();
                var joined = values.Single();
                return GraphBuilder.Single(Join(index, vertexState, joined.Values, joined.Received, map));
            }, preservesPartitioning: true);
        }
        else
        {
            state = current.ZipPartitions(other.PartitionBy(VertexPartitioner), (parts, records) =>
            {
                var (index, vertexState) = parts.Single();
                var values = new TOther[index.Count];
                var found = new bool[index.Count];
                foreach (var (id, value) in records)
                {
                    if (index.Positions.TryGetValue(id, out var position))
                    {
                        values[position] = value;
                        found[position] = true;
                    }
                }
                return GraphBuilder.Single(Join(index, vertexState, values, found, map));
            }, preservesPartitioning: true);
        }
        return WithState(state);
    }

    /// <summary>
    /// Replaces the attribute of every vertex found in <paramref name="table"/> by <paramref name="map"/>'s result; other
    /// vertices keep theirs (GraphX's joinVertices). Costs as <see cref="OuterJoinVertices{TOther, TVertex2}"/>.
    /// </summary>
    public Graph<TVertex, TEdge> JoinVertices<TOther>(Rdd<(long Id, TOther Value)> table, Func<long, TVertex, TOther, TVertex> map)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(map);
        return OuterJoinVertices<TOther, TVertex>(table, (id, attr, value) => value.HasValue ? map(id, attr, value.Value) : attr);
    }

    private static VertexState<TVertex2> Join<TOther, TVertex2>(
        VertexIndex index, VertexState<TVertex> state, TOther[] values, bool[] found, Func<long, TVertex, Option<TOther>, TVertex2> map)
    {
        var attrs = new TVertex2[index.Count];
        for (var i = 0; i < attrs.Length; i++)
        {
            attrs[i] = map(index.Ids[i], state.Attrs[i], found[i] ? Option<TOther>.Some(values[i]) : Option<TOther>.None);
        }
        return new VertexState<TVertex2>(attrs, null);
    }
}

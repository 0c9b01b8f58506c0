using Ember.Dependencies;
using Ember.Partitioning;

namespace Ember.Graph.Impl;

/// <summary>
/// The (id, message) records AggregateMessages returns, partitioned like the graph's vertices, remembering the
/// per-partition arrays they come from (GraphX returns a VertexRDD for the same reason): joining them back into a graph
/// with the same vertex layout (<see cref="Layout"/>) zips arrays instead of looking ids up.
/// </summary>
internal sealed class MessagesRdd<TMsg> : Rdd<(long Id, TMsg Msg)>
{
    private Rdd<(long Id, TMsg Msg)>? flat;

    public MessagesRdd(Rdd<VertexIndex> index, Rdd<VertexMessages<TMsg>> messages, IPartitioner partitioner, object layout)
        : base(messages.Context, "AggregateMessages")
    {
        Structured = messages;
        Partitioner = partitioner;
        Layout = layout;
        flat = index.ZipPartitions(messages, (indexes, parts) => Flatten(indexes.Single(), parts.Single()), preservesPartitioning: true);
    }

    /// <summary>The merged messages as arrays lined up with the vertex index.</summary>
    public Rdd<VertexMessages<TMsg>> Structured { get; }

    /// <summary>Identifies the vertex layout (ids and their positions per partition) the arrays line up with.</summary>
    public object Layout { get; }

    public override IPartitioner? Partitioner { get; }

    protected override IReadOnlyList<Partition> GetPartitions() => Flat.Partitions;

    protected override IReadOnlyList<Dependency> GetDependencies() => [new OneToOneDependency(Flat)];

    protected override IEnumerable<(long Id, TMsg Msg)> Compute(Partition partition, TaskContext context) => Flat.Iterator(partition, context);

    protected override void ClearDependencies() => flat = null;

    private Rdd<(long Id, TMsg Msg)> Flat => flat ?? throw new InvalidOperationException($"The lineage of {this} was cut.");

    private static IEnumerable<(long Id, TMsg Msg)> Flatten(VertexIndex index, VertexMessages<TMsg> messages)
    {
        for (var i = 0; i < index.Count; i++)
        {
            if (messages.Received[i])
            {
                yield return (index.Ids[i], messages.Values[i]);
            }
        }
    }
}

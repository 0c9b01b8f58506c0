namespace Ember.Graph.Impl;

/// <summary>
/// The vertex attributes one edge partition sees, indexed by its local ids (GraphX's replicated vertex view): only the
/// vertices the view was shipped for are set, the others hold <c>default</c>. <see cref="Active"/> marks the vertices
/// that received a message in Pregel's last round; null outside Pregel.
/// </summary>
internal sealed class VertexView<TVertex>(TVertex[] attrs, bool[]? active)
{
    public TVertex[] Attrs { get; } = attrs;

    public bool[]? Active { get; } = active;
}

/// <summary>The attributes one vertex partition ships to one edge partition, addressed by that partition's local ids.</summary>
internal sealed class VertexBlock<TVertex>(int[] locals, TVertex[] attrs, bool[]? active)
{
    public int[] Locals { get; } = locals;

    public TVertex[] Attrs { get; } = attrs;

    public bool[]? Active { get; } = active;
}

/// <summary>
/// Messages one edge partition sends to one vertex partition, merged per vertex already, addressed by the sender's
/// local ids (the receiver's routing table turns them into positions without a hash lookup).
/// </summary>
internal sealed class MessageBlock<TMsg>(int edgePartition, int[] locals, TMsg[] messages)
{
    public int EdgePartition { get; } = edgePartition;

    public int[] Locals { get; } = locals;

    public TMsg[] Messages { get; } = messages;
}

/// <summary>The merged messages of one vertex partition, lined up with its <see cref="VertexIndex.Ids"/>.</summary>
internal sealed class VertexMessages<TMsg>(TMsg[] values, bool[] received, int count)
{
    public TMsg[] Values { get; } = values;

    /// <summary>Whether vertex <c>i</c> received a message.</summary>
    public bool[] Received { get; } = received;

    /// <summary>How many vertices received one.</summary>
    public int Count { get; } = count;
}

namespace Ember.Graph.Impl;

/// <summary>
/// The attributes of one vertex partition, lined up with its <see cref="VertexIndex.Ids"/>, and for Pregel which
/// vertices received a message in the last round (<see cref="Active"/>; null when every vertex counts as active). The
/// only part of a graph an iteration changes, so the only part a lineage cut writes.
/// </summary>
internal sealed class VertexState<TVertex>(TVertex[] attrs, bool[]? active)
{
    public TVertex[] Attrs { get; } = attrs;

    public bool[]? Active { get; } = active;
}

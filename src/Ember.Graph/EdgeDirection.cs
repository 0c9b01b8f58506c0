namespace Ember.Graph;

/// <summary>Which edges of a vertex an operator looks at (GraphX's EdgeDirection).</summary>
public enum EdgeDirection
{
    /// <summary>Edges arriving at the vertex (the vertex is the destination).</summary>
    In,

    /// <summary>Edges leaving the vertex (the vertex is the source).</summary>
    Out,

    /// <summary>Edges arriving or leaving: in Pregel, an edge is active when either endpoint received a message.</summary>
    Either,

    /// <summary>Edges arriving and leaving: in Pregel, an edge is active only when both endpoints received a message.</summary>
    Both,
}

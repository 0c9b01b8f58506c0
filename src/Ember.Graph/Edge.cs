namespace Ember.Graph;

/// <summary>
/// A directed edge from <paramref name="SrcId"/> to <paramref name="DstId"/> carrying <paramref name="Attr"/> (GraphX's
/// Edge). Vertex ids are plain <c>long</c>s (GraphX's VertexId); parallel edges and self-loops are allowed.
/// </summary>
public readonly record struct Edge<TEdge>(long SrcId, long DstId, TEdge Attr);

namespace Ember.Graph;

/// <summary>
/// An edge with the attributes of its two endpoints (GraphX's EdgeTriplet). Each triplet handed out is a new object,
/// so keeping one is safe.
/// </summary>
public sealed class EdgeTriplet<TVertex, TEdge>
{
    /// <summary>Creates a triplet.</summary>
    public EdgeTriplet(long srcId, long dstId, TVertex srcAttr, TVertex dstAttr, TEdge attr)
    {
        SrcId = srcId;
        DstId = dstId;
        SrcAttr = srcAttr;
        DstAttr = dstAttr;
        Attr = attr;
    }

    /// <summary>The source vertex's id.</summary>
    public long SrcId { get; }

    /// <summary>The destination vertex's id.</summary>
    public long DstId { get; }

    /// <summary>The source vertex's attribute (unspecified when the operator was told it is not read).</summary>
    public TVertex SrcAttr { get; }

    /// <summary>The destination vertex's attribute (unspecified when the operator was told it is not read).</summary>
    public TVertex DstAttr { get; }

    /// <summary>The edge's attribute.</summary>
    public TEdge Attr { get; }

    /// <summary>The edge without the vertex attributes.</summary>
    public Edge<TEdge> ToEdge() => new(SrcId, DstId, Attr);

    /// <summary>The attribute of the vertex at the other end from <paramref name="vertexId"/> (GraphX's otherVertexAttr).</summary>
    public TVertex OtherVertexAttr(long vertexId) =>
        vertexId == SrcId ? DstAttr : vertexId == DstId ? SrcAttr : throw new ArgumentOutOfRangeException(nameof(vertexId), vertexId, $"Not an endpoint of {this}.");

    /// <inheritdoc />
    public override string ToString() => $"(({SrcId},{SrcAttr}),({DstId},{DstAttr}),{Attr})";
}

namespace Ember.Graph;

/// <summary>
/// What <see cref="Graph{TVertex, TEdge}.AggregateMessages"/> hands its send function for each edge (GraphX's
/// EdgeContext): the triplet's fields and a way to send messages to either endpoint. The same context object is reused
/// from edge to edge within a task, so do not keep it; <see cref="ToEdgeTriplet"/> makes a copy that may be kept.
/// </summary>
public abstract class EdgeContext<TVertex, TEdge, TMsg>
{
    /// <summary>The source vertex's id.</summary>
    public abstract long SrcId { get; }

    /// <summary>The destination vertex's id.</summary>
    public abstract long DstId { get; }

    /// <summary>The source vertex's attribute (unspecified unless <see cref="TripletFields.Src"/> was asked for).</summary>
    public abstract TVertex SrcAttr { get; }

    /// <summary>The destination vertex's attribute (unspecified unless <see cref="TripletFields.Dst"/> was asked for).</summary>
    public abstract TVertex DstAttr { get; }

    /// <summary>The edge's attribute.</summary>
    public abstract TEdge Attr { get; }

    /// <summary>Sends <paramref name="msg"/> to the source vertex; messages to one vertex are merged by the merge function.</summary>
    public abstract void SendToSrc(TMsg msg);

    /// <summary>Sends <paramref name="msg"/> to the destination vertex; messages to one vertex are merged by the merge function.</summary>
    public abstract void SendToDst(TMsg msg);

    /// <summary>A new triplet holding this edge's fields.</summary>
    public EdgeTriplet<TVertex, TEdge> ToEdgeTriplet() => new(SrcId, DstId, SrcAttr, DstAttr, Attr);
}

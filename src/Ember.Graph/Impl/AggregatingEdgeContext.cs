namespace Ember.Graph.Impl;

/// <summary>
/// The one <see cref="EdgeContext{TVertex, TEdge, TMsg}"/> of a task, moved from edge to edge (GraphX's
/// AggregatingEdgeContext). Moving it sets two local ids and an edge index; ids and attributes are read from the
/// partition's arrays only when the send function asks for them, so a function that reads the source attribute alone
/// touches no destination data. Messages merge straight into an array indexed by local id: sending allocates nothing.
/// </summary>
internal sealed class AggregatingEdgeContext<TVertex, TEdge, TMsg>(
    Func<TMsg, TMsg, TMsg> merge, long[] localToGlobal, TEdge[] edgeAttrs, TVertex[]? vertexAttrs)
    : EdgeContext<TVertex, TEdge, TMsg>
{
    private int edge;
    private int localSrc;
    private int localDst;

    public TMsg[] Aggregates { get; } = new TMsg[localToGlobal.Length];

    public bool[] Received { get; } = new bool[localToGlobal.Length];

    public override long SrcId => localToGlobal[localSrc];

    public override long DstId => localToGlobal[localDst];

    public override TVertex SrcAttr => vertexAttrs is null ? default! : vertexAttrs[localSrc];

    public override TVertex DstAttr => vertexAttrs is null ? default! : vertexAttrs[localDst];

    public override TEdge Attr => edgeAttrs[edge];

    public void Set(int edge, int localSrc, int localDst)
    {
        this.edge = edge;
        this.localSrc = localSrc;
        this.localDst = localDst;
    }

    public override void SendToSrc(TMsg msg) => Send(localSrc, msg);

    public override void SendToDst(TMsg msg) => Send(localDst, msg);

    private void Send(int local, TMsg msg)
    {
        if (Received[local])
        {
            Aggregates[local] = merge(Aggregates[local], msg);
        }
        else
        {
            Aggregates[local] = msg;
            Received[local] = true;
        }
    }
}

namespace Ember.Graph.Impl;

/// <summary>
/// The one <see cref="EdgeContext{TVertex, TEdge, TMsg}"/> of a task, moved from edge to edge (GraphX's
/// AggregatingEdgeContext): messages merge straight into an array indexed by the edge partition's local ids, so sending
/// allocates nothing.
/// </summary>
internal sealed class AggregatingEdgeContext<TVertex, TEdge, TMsg>(Func<TMsg, TMsg, TMsg> merge, int vertexCount)
    : EdgeContext<TVertex, TEdge, TMsg>
{
    private long srcId;
    private long dstId;
    private int localSrc;
    private int localDst;
    private TVertex srcAttr = default!;
    private TVertex dstAttr = default!;
    private TEdge attr = default!;

    public TMsg[] Aggregates { get; } = new TMsg[vertexCount];

    public bool[] Received { get; } = new bool[vertexCount];

    public override long SrcId => srcId;

    public override long DstId => dstId;

    public override TVertex SrcAttr => srcAttr;

    public override TVertex DstAttr => dstAttr;

    public override TEdge Attr => attr;

    public void Set(long srcId, long dstId, int localSrc, int localDst, TVertex srcAttr, TVertex dstAttr, TEdge attr)
    {
        this.srcId = srcId;
        this.dstId = dstId;
        this.localSrc = localSrc;
        this.localDst = localDst;
        this.srcAttr = srcAttr;
        this.dstAttr = dstAttr;
        this.attr = attr;
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

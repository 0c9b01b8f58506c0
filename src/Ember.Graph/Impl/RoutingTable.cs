namespace Ember.Graph.Impl;

/// <summary>
/// For one vertex partition, which of its vertices each edge partition needs, and as what (GraphX's
/// RoutingTablePartition): per edge partition, the vertices' positions here, their local ids there, and whether they
/// appear there as a source (<see cref="SrcFlag"/>), a destination (<see cref="DstFlag"/>) or both. Built once per
/// graph structure; it lets an iteration ship only attributes, straight into the edge partitions' local arrays.
/// </summary>
internal sealed class RoutingTable(int[][] positions, int[][] edgeLocals, byte[][] flags)
{
    public const byte SrcFlag = 1;
    public const byte DstFlag = 2;

    /// <summary>Per edge partition: positions of the needed vertices in this vertex partition.</summary>
    public int[][] Positions { get; } = positions;

    /// <summary>Per edge partition: the local id of each needed vertex in that edge partition.</summary>
    public int[][] EdgeLocals { get; } = edgeLocals;

    /// <summary>Per edge partition: <see cref="SrcFlag"/> and/or <see cref="DstFlag"/> for each needed vertex.</summary>
    public byte[][] Flags { get; } = flags;

    public int EdgePartitionCount => Positions.Length;

    /// <summary>The same table for the reversed graph: sources become destinations.</summary>
    public RoutingTable Reversed()
    {
        var swapped = new byte[Flags.Length][];
        for (var partition = 0; partition < Flags.Length; partition++)
        {
            var flags = Flags[partition];
            var turned = new byte[flags.Length];
            for (var i = 0; i < flags.Length; i++)
            {
                turned[i] = (byte)(((flags[i] & SrcFlag) << 1) | ((flags[i] & DstFlag) >> 1));
            }
            swapped[partition] = turned;
        }
        return new RoutingTable(Positions, EdgeLocals, swapped);
    }

    /// <summary>The flags a view needs for <paramref name="fields"/>: none when no vertex attribute is read.</summary>
    public static byte FlagsFor(TripletFields fields) =>
        (byte)(((fields & TripletFields.Src) != 0 ? SrcFlag : 0) | ((fields & TripletFields.Dst) != 0 ? DstFlag : 0));
}

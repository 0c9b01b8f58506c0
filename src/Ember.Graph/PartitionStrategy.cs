namespace Ember.Graph;

/// <summary>
/// Decides which partition each edge goes to (GraphX's PartitionStrategy), for
/// <see cref="Graph{TVertex, TEdge}.PartitionBy"/>. The four built-in strategies compute exactly GraphX's formulas, so
/// an edge lands in the partition GraphX (Spark 3.x, Scala 2.12 build) puts it in.
/// </summary>
public abstract class PartitionStrategy
{
    /// <summary>GraphX's multiplier that spreads consecutive ids.</summary>
    private const long MixingPrime = 1125899906842597L;

    /// <summary>The partition, in [0, <paramref name="numParts"/>), of the edge from <paramref name="src"/> to <paramref name="dst"/>.</summary>
    public abstract int GetPartition(long src, long dst, int numParts);

    /// <summary>
    /// Places edges on a √n × √n grid of partitions by source (column) and destination (row), so each vertex is
    /// replicated to at most 2√n partitions. When n is not a perfect square, the columns are ⌈√n⌉ and the last column
    /// holds the remaining partitions (GraphX's formula).
    /// </summary>
    public static PartitionStrategy EdgePartition2D { get; } = new Strategy(nameof(EdgePartition2D), (src, dst, numParts) =>
    {
        var ceilSqrtNumParts = (int)Math.Ceiling(Math.Sqrt(numParts));
        if (numParts == ceilSqrtNumParts * ceilSqrtNumParts)
        {
            var col = (int)(JavaAbs(src * MixingPrime) % ceilSqrtNumParts);
            var row = (int)(JavaAbs(dst * MixingPrime) % ceilSqrtNumParts);
            return (col * ceilSqrtNumParts + row) % numParts;
        }
        var cols = ceilSqrtNumParts;
        var rows = (numParts + cols - 1) / cols;
        var lastColRows = numParts - rows * (cols - 1);
        var column = (int)(JavaAbs(src * MixingPrime) % numParts / rows);
        var rowInColumn = (int)(JavaAbs(dst * MixingPrime) % (column < cols - 1 ? rows : lastColRows));
        return column * rows + rowInColumn;
    });

    /// <summary>Places edges by source only: all of a vertex's out-edges share a partition.</summary>
    public static PartitionStrategy EdgePartition1D { get; } = new Strategy(nameof(EdgePartition1D),
        (src, _, numParts) => (int)(JavaAbs(src * MixingPrime) % numParts));

    /// <summary>Places edges by a hash of (source, destination): parallel edges in one direction share a partition.</summary>
    public static PartitionStrategy RandomVertexCut { get; } = new Strategy(nameof(RandomVertexCut),
        (src, dst, numParts) => JavaAbs(ScalaTuple2Hash(src, dst)) % numParts);

    /// <summary>Places edges by a hash of (smaller id, larger id): parallel edges in both directions share a partition.</summary>
    public static PartitionStrategy CanonicalRandomVertexCut { get; } = new Strategy(nameof(CanonicalRandomVertexCut),
        (src, dst, numParts) => JavaAbs(src < dst ? ScalaTuple2Hash(src, dst) : ScalaTuple2Hash(dst, src)) % numParts);

    /// <summary>The strategy named <paramref name="name"/> (as GraphX: <c>RandomVertexCut</c>, <c>EdgePartition1D</c>, <c>EdgePartition2D</c>, <c>CanonicalRandomVertexCut</c>).</summary>
    /// <exception cref="ArgumentException">No strategy has that name.</exception>
    public static PartitionStrategy FromString(string name) => name switch
    {
        nameof(RandomVertexCut) => RandomVertexCut,
        nameof(EdgePartition1D) => EdgePartition1D,
        nameof(EdgePartition2D) => EdgePartition2D,
        nameof(CanonicalRandomVertexCut) => CanonicalRandomVertexCut,
        _ => throw new ArgumentException($"Invalid PartitionStrategy: {name}", nameof(name)),
    };

    /// <summary>
    /// Scala 2.12's hashCode of a <c>(Long, Long)</c> tuple: MurmurHash3's productHash with the product seed over each
    /// element's <c>##</c> (an id that fits an int hashes as that int, others as Java's Long.hashCode). GraphX's random
    /// cuts hash the tuple, so matching its placement means matching this.
    /// </summary>
    internal static int ScalaTuple2Hash(long first, long second)
    {
        var hash = unchecked((int)0xcafebabe);
        hash = Mix(hash, ScalaLongHash(first));
        hash = Mix(hash, ScalaLongHash(second));
        return Avalanche(hash ^ 2);
    }

    // Java's abs leaves the minimum value negative where .NET's throws; GraphX then relies on its HashPartitioner's
    // non-negative modulo, which GetPartition applies too.
    private static long JavaAbs(long value) => value == long.MinValue ? value : Math.Abs(value);

    private static int JavaAbs(int value) => value == int.MinValue ? value : Math.Abs(value);

    private static int ScalaLongHash(long value) => (int)value == value ? (int)value : (int)(value ^ (long)((ulong)value >> 32));

    private static int Mix(int hash, int data)
    {
        var k = data * unchecked((int)0xcc9e2d51);
        k = (int)uint.RotateLeft((uint)k, 15);
        k *= 0x1b873593;
        hash ^= k;
        hash = (int)uint.RotateLeft((uint)hash, 13);
        return hash * 5 + unchecked((int)0xe6546b64);
    }

    private static int Avalanche(int hash)
    {
        var h = (uint)hash;
        h ^= h >> 16;
        h *= 0x85ebca6b;
        h ^= h >> 13;
        h *= 0xc2b2ae35;
        h ^= h >> 16;
        return (int)h;
    }

    /// <inheritdoc />
    public override string ToString() => GetType().Name;

    private sealed class Strategy(string name, Func<long, long, int, int> place) : PartitionStrategy
    {
        public override int GetPartition(long src, long dst, int numParts)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(numParts, 1);
            var partition = place(src, dst, numParts) % numParts;
            return partition < 0 ? partition + numParts : partition;
        }

        public override string ToString() => name;
    }
}

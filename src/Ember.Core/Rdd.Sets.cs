using Ember.Partitioning;
using Ember.Rdds;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>
    /// The distinct records that occur in both this RDD and <paramref name="other"/>, each once (null included).
    /// Shuffles both sides as <c>CoGroup</c> (give at most one of <paramref name="partitions"/> and
    /// <paramref name="partitioner"/>; default as <c>CoGroup</c>).
    /// </summary>
    public Rdd<T> Intersection(Rdd<T> other, int? partitions = null, IPartitioner? partitioner = null)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Map(item => (item, true))
            .CoGroup(other.Map(item => (item, true)), partitions, partitioner)
            .Filter(group => group.Value.Left.Count > 0 && group.Value.Right.Count > 0)
            .Keys();
    }

    /// <summary>
    /// Every pair of a record of this RDD with a record of <paramref name="other"/>: <c>n × m</c> records in
    /// <c>p × q</c> partitions (partition <c>i * q + j</c> pairs partition <c>i</c> here with partition <c>j</c>
    /// there). Narrow, no shuffle, but each task reads one partition of each side and holds the one of
    /// <paramref name="other"/> in memory; each partition here is computed once per partition of <paramref name="other"/>,
    /// and each of <paramref name="other"/> once per non-empty partition here (persist both sides when costly).
    /// </summary>
    public Rdd<(T Left, TOther Right)> Cartesian<TOther>(Rdd<TOther> other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new CartesianRdd<T, TOther>(this, other);
    }
}

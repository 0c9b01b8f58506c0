using System.Runtime.CompilerServices;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>
    /// Whether the RDD has no records. Runs <see cref="TakeAsync"/> for one record, so it computes one partition,
    /// then more only while they are empty; no job at all when there are no partitions.
    /// </summary>
    public async Task<bool> IsEmptyAsync(CancellationToken cancellationToken = default) =>
        Partitions.Count == 0 || (await TakeAsync(1, cancellationToken).ConfigureAwait(false)).Count == 0;

    /// <inheritdoc cref="IsEmptyAsync"/>
    public bool IsEmpty() => Wait(IsEmptyAsync());

    /// <summary>
    /// The records in partition order, fetched one partition at a time as the enumeration reaches it: one job per
    /// partition, so the caller needs memory for the largest partition only (<c>Collect</c> needs it for all).
    /// Each enumeration runs the jobs again.
    /// </summary>
    public async IAsyncEnumerable<T> ToLocalIteratorAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var partition = 0; partition < Partitions.Count; partition++)
        {
            foreach (var item in await CollectPartitionAsync(partition, cancellationToken).ConfigureAwait(false))
            {
                yield return item;
            }
        }
    }

    /// <inheritdoc cref="ToLocalIteratorAsync"/>
    public IEnumerable<T> ToLocalIterator()
    {
        for (var partition = 0; partition < Partitions.Count; partition++)
        {
            foreach (var item in Wait(CollectPartitionAsync(partition, default)))
            {
                yield return item;
            }
        }
    }

    private async Task<T[]> CollectPartitionAsync(int partition, CancellationToken cancellationToken)
    {
        var parts = await Context.RunActionAsync("ToLocalIterator", this, (_, items) => items.ToArray(), [partition], cancellationToken).ConfigureAwait(false);
        return parts[0];
    }
}

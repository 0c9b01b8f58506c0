using Ember.IO;
using Ember.Serialization;
using Ember.Shuffle;

namespace Ember;

public abstract partial class Rdd<T>
{
    /// <summary>All records, partition by partition, in one list on the caller. Runs a job.</summary>
    public async Task<IReadOnlyList<T>> CollectAsync(CancellationToken cancellationToken = default)
    {
        var parts = await Context.RunActionAsync("Collect", this, (_, items) => items.ToArray(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return [.. parts.SelectMany(part => part)];
    }

    /// <inheritdoc cref="CollectAsync"/>
    public IReadOnlyList<T> Collect() => Wait(CollectAsync());

    /// <summary>The number of records. Runs a job.</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        var counts = await Context.RunActionAsync("Count", this, (_, items) => items.LongCount(), cancellationToken: cancellationToken).ConfigureAwait(false);
        return counts.Sum();
    }

    /// <inheritdoc cref="CountAsync"/>
    public long Count() => Wait(CountAsync());

    /// <summary>
    /// The first <paramref name="count"/> records in partition order. Scans one partition first, then more at a
    /// time (as Spark), so a small take on a large RDD computes few partitions.
    /// </summary>
    public async Task<IReadOnlyList<T>> TakeAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var taken = new List<T>(Math.Min(count, 1024));
        var scanned = 0;
        var total = Partitions.Count;
        while (taken.Count < count && scanned < total)
        {
            // Grow the scan: 1 partition, then up to 4x as many as scanned so far.
            var next = scanned == 0 ? 1 : Math.Min(total - scanned, scanned * 4);
            var wanted = count - taken.Count;
            var parts = await Context.RunActionAsync("Take", this, (_, items) => items.Take(wanted).ToArray(),
                [.. Enumerable.Range(scanned, next)], cancellationToken).ConfigureAwait(false);
            taken.AddRange(parts.SelectMany(part => part).Take(wanted));
            scanned += next;
        }
        return taken;
    }

    /// <inheritdoc cref="TakeAsync"/>
    public IReadOnlyList<T> Take(int count) => Wait(TakeAsync(count));

    /// <summary>The first record; throws <see cref="InvalidOperationException"/> on an empty RDD.</summary>
    public async Task<T> FirstAsync(CancellationToken cancellationToken = default)
    {
        Scheduling.RunningTask.ThrowIfInside("First", this);
        var first = await TakeAsync(1, cancellationToken).ConfigureAwait(false);
        return first.Count > 0 ? first[0] : throw new InvalidOperationException($"First called on an empty RDD ({this}).");
    }

    /// <inheritdoc cref="FirstAsync"/>
    public T First() => Wait(FirstAsync());

    /// <summary>
    /// Combines all records with <paramref name="reducer"/>, which must be associative and commutative (partitions
    /// are reduced in parallel). Throws <see cref="InvalidOperationException"/> on an empty RDD.
    /// </summary>
    public async Task<T> ReduceAsync(Func<T, T, T> reducer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reducer);
        var parts = await Context.RunActionAsync("Reduce", this, (_, items) =>
        {
            using var enumerator = items.GetEnumerator();
            if (!enumerator.MoveNext())
            {
                return (HasValue: false, Value: default(T)!);
            }
            var accumulator = enumerator.Current;
            while (enumerator.MoveNext())
            {
                accumulator = reducer(accumulator, enumerator.Current);
            }
            return (HasValue: true, Value: accumulator);
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var present = parts.Where(part => part.HasValue).Select(part => part.Value).ToList();
        return present.Count > 0 ? present.Aggregate(reducer) : throw new InvalidOperationException($"Reduce called on an empty RDD ({this}).");
    }

    /// <inheritdoc cref="ReduceAsync"/>
    public T Reduce(Func<T, T, T> reducer) => Wait(ReduceAsync(reducer));

    /// <summary>
    /// Folds each partition starting from <paramref name="zero"/>, then folds the partition results starting from
    /// <paramref name="zero"/> again (so <paramref name="zero"/> must be neutral for <paramref name="folder"/>). Each
    /// task, and the final fold on the caller, starts from its own copy of <paramref name="zero"/>, made as
    /// <see cref="AggregateAsync"/> makes it, so <paramref name="folder"/> may mutate and return its first argument.
    /// </summary>
    public async Task<T> FoldAsync(T zero, Func<T, T, T> folder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var zeroValue = new ZeroValue<T>(zero, Context.Serializer, "Fold");
        var parts = await Context.RunActionAsync("Fold", this, (_, items) => items.Aggregate(zeroValue.Copy(), folder), cancellationToken: cancellationToken).ConfigureAwait(false);
        return parts.Aggregate(zeroValue.Copy(), folder);
    }

    /// <inheritdoc cref="FoldAsync"/>
    public T Fold(T zero, Func<T, T, T> folder) => Wait(FoldAsync(zero, folder));

    /// <summary>
    /// Aggregates each partition with <paramref name="seqOp"/> from <paramref name="zero"/>, then merges the partition
    /// results with <paramref name="combOp"/> from <paramref name="zero"/> on the caller. Each task, and the final merge,
    /// starts from its own copy of <paramref name="zero"/> (as Spark's), so a mutable zero may be mutated and returned
    /// by both functions. The copy goes through the context's serializer, or <see cref="Serialization.ICopyable{T}"/>
    /// when the zero implements it, and is skipped for types holding no references and strings. A zero the serializer
    /// cannot copy throws <see cref="ArgumentException"/>, naming its type.
    /// </summary>
    public async Task<TAccumulate> AggregateAsync<TAccumulate>(TAccumulate zero, Func<TAccumulate, T, TAccumulate> seqOp,
        Func<TAccumulate, TAccumulate, TAccumulate> combOp, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seqOp);
        ArgumentNullException.ThrowIfNull(combOp);
        var zeroValue = new ZeroValue<TAccumulate>(zero, Context.Serializer, "Aggregate");
        var parts = await Context.RunActionAsync("Aggregate", this, (_, items) => items.Aggregate(zeroValue.Copy(), seqOp), cancellationToken: cancellationToken).ConfigureAwait(false);
        return parts.Aggregate(zeroValue.Copy(), combOp);
    }

    /// <inheritdoc cref="AggregateAsync"/>
    public TAccumulate Aggregate<TAccumulate>(TAccumulate zero, Func<TAccumulate, T, TAccumulate> seqOp, Func<TAccumulate, TAccumulate, TAccumulate> combOp) =>
        Wait(AggregateAsync(zero, seqOp, combOp));

    /// <summary>How many times each distinct record occurs (null included), counted per partition then merged on the caller.</summary>
    public async Task<IReadOnlyDictionary<T, long>> CountByValueAsync(CancellationToken cancellationToken = default)
    {
        var parts = await Context.RunActionAsync("CountByValue", this, (context, items) =>
        {
            var counts = new KeyedMap<T, long>();
            foreach (var item in items)
            {
                counts.GetOrAddSlot(item, out _)++;
            }
            return counts;
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
        var total = new KeyedMap<T, long>();
        foreach (var pair in parts.SelectMany(part => part))
        {
            total.GetOrAddSlot(pair.Key, out _) += pair.Value;
        }
        return total;
    }

    /// <inheritdoc cref="CountByValueAsync"/>
    public IReadOnlyDictionary<T, long> CountByValue() => Wait(CountByValueAsync());

    /// <summary>Runs <paramref name="action"/> on every record, on the workers (not on the caller).</summary>
    public Task ForEachAsync(Action<T> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        Scheduling.RunningTask.ThrowIfInside("ForEach", this);
        return ForEachPartitionAsync(items =>
        {
            foreach (var item in items)
            {
                action(item);
            }
        }, cancellationToken);
    }

    /// <inheritdoc cref="ForEachAsync"/>
    public void ForEach(Action<T> action) => Wait(ForEachAsync(action));

    /// <summary>Runs <paramref name="action"/> once per partition on the workers (open a connection once, write many records).</summary>
    public Task ForEachPartitionAsync(Action<IEnumerable<T>> action, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(action);
        return Context.RunActionAsync("ForEachPartition", this, (_, items) =>
        {
            action(items);
            return true;
        }, cancellationToken: cancellationToken);
    }

    /// <inheritdoc cref="ForEachPartitionAsync"/>
    public void ForEachPartition(Action<IEnumerable<T>> action) => Wait(ForEachPartitionAsync(action));

    /// <summary>
    /// Writes one line per record (<c>ToString()</c>, <c>null</c> as "null") into the directory <paramref name="path"/>,
    /// one UTF-8 file <c>part-NNNNN</c> per partition plus an empty <c>_SUCCESS</c>. Atomic: the files are written into
    /// a hidden temporary directory that is renamed to <paramref name="path"/> once every task succeeded. An existing
    /// <paramref name="path"/> is an error.
    /// </summary>
    public Task SaveAsTextFileAsync(string path, CancellationToken cancellationToken = default) =>
        PartitionedDirectoryWriter.WriteTextAsync(this, path, cancellationToken);

    /// <inheritdoc cref="SaveAsTextFileAsync"/>
    public void SaveAsTextFile(string path) => Wait(SaveAsTextFileAsync(path));

    /// <summary>
    /// Writes each partition as one serialized array (the context's <see cref="Serialization.ISerializer"/>) into
    /// the directory <paramref name="path"/>, atomically as <see cref="SaveAsTextFileAsync"/>; read it back with
    /// <see cref="EmberContext.ObjectFile{T}"/>.
    /// </summary>
    public Task SaveAsObjectFileAsync(string path, CancellationToken cancellationToken = default) =>
        PartitionedDirectoryWriter.WriteObjectsAsync(this, path, cancellationToken);

    /// <inheritdoc cref="SaveAsObjectFileAsync"/>
    public void SaveAsObjectFile(string path) => Wait(SaveAsObjectFileAsync(path));

    private static TResult Wait<TResult>(Task<TResult> task) => task.ConfigureAwait(false).GetAwaiter().GetResult();

    private static void Wait(Task task) => task.ConfigureAwait(false).GetAwaiter().GetResult();
}

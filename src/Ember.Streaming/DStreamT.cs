using Ember.Storage;

namespace Ember.Streaming;

/// <summary>
/// A discretized stream: a sequence of <see cref="Rdd{T}"/>, one per slide interval, built lazily by the batch
/// timer. Operators (in <see cref="DStreamExtensions"/> and <see cref="PairDStreamExtensions"/>) build new streams;
/// output operations (<c>Print</c>, <c>ForEachRdd</c>, <c>SaveAsTextFiles</c>) make the graph run.
/// </summary>
public abstract class DStream<T> : DStream
{
    private readonly Lock gate = new();
    // Sorted by time; batches are added at the end and forgotten from the start, which a sorted list does in place.
    private readonly SortedList<Time, Rdd<T>> generated = [];

    /// <summary>Creates a stream in <paramref name="context"/>; no stream can be created once the context started.</summary>
    private protected DStream(StreamingContext context, string operation) : base(context, operation) { }

    /// <summary>Builds the RDD of <paramref name="validTime"/> (a valid batch time for this stream), or null for none.</summary>
    private protected abstract Rdd<T>? Compute(Time validTime);

    /// <summary>
    /// The RDD of <paramref name="time"/>: the one already generated, else computed now (and persisted at this
    /// stream's storage level). Null when the time is not one of this stream's batch times.
    /// </summary>
    internal Rdd<T>? GetOrCompute(Time time)
    {
        lock (gate)
        {
            if (generated.TryGetValue(time, out var existing))
            {
                return existing;
            }
        }
        if (!IsTimeValid(time))
        {
            return null;
        }
        var rdd = Compute(time);
        if (rdd is null)
        {
            return null;
        }
        lock (gate)
        {
            if (generated.TryGetValue(time, out var raced))
            {
                return raced;
            }
            if (StorageLevel != StorageLevel.None && rdd.StorageLevel == StorageLevel.None)
            {
                rdd.Persist(StorageLevel);
            }
            generated[time] = rdd;
            return rdd;
        }
    }

    /// <summary>
    /// The RDDs of every batch time of this stream from <paramref name="from"/> to <paramref name="to"/>, both
    /// included. Both ends are aligned down to the slide, as Spark's <c>slice</c>: an unaligned <paramref name="from"/>
    /// includes the batch whose interval it falls in.
    /// </summary>
    public IReadOnlyList<Rdd<T>> Slice(Time from, Time to)
    {
        if (ZeroTime is not { } zero)
        {
            throw new InvalidOperationException($"{this} has not been started: Slice needs a started context.");
        }
        var slide = SlideDuration;
        // Times at or before the zero time have no batch (GetOrCompute gives null for them).
        var aligned = zero + TimeSpan.FromTicks(Math.Max(0, (from - zero).Ticks) / slide.Ticks * slide.Ticks);
        var result = new List<Rdd<T>>();
        for (var time = aligned; time <= to; time += slide)
        {
            if (GetOrCompute(time) is { } rdd)
            {
                result.Add(rdd);
            }
        }
        return result;
    }

    /// <summary>
    /// Keeps this stream's RDDs at <paramref name="level"/> (memory by default) until they are forgotten. On a windowed
    /// stream (<c>Window</c>) the level applies to its parent instead, as in Spark: a window's RDDs are unions of the
    /// parent's, so persisting them would keep every batch once per window it falls in.
    /// </summary>
    public DStream<T> Persist(StorageLevel level = StorageLevel.MemoryOnly)
    {
        Context.EnsureBuildable(nameof(Persist));
        PersistAt(level);
        return this;
    }

    /// <summary>Sets the storage level <see cref="Persist"/> asks for: this stream's own, unless a stream redirects it.</summary>
    private protected virtual void PersistAt(StorageLevel level) => StorageLevel = level;

    /// <summary>Same as <c>Persist(StorageLevel.MemoryOnly)</c>.</summary>
    public DStream<T> Cache() => Persist();

    /// <summary>Names the stream: its stable id in checkpoints, and its label in logs and the UI.</summary>
    public DStream<T> WithName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Context.EnsureBuildable(nameof(WithName));
        Name = name;
        ConfiguredStream.Name = name;
        return this;
    }

    /// <summary>The RDD generated for <paramref name="time"/>, if any (never computes one).</summary>
    internal Rdd<T>? GeneratedAt(Time time)
    {
        lock (gate)
        {
            return generated.GetValueOrDefault(time);
        }
    }

    /// <summary>Installs an RDD read back from a checkpoint as the one of <paramref name="time"/>.</summary>
    internal void RestoreGenerated(Time time, Rdd<T> rdd)
    {
        lock (gate)
        {
            generated[time] = rdd;
        }
    }

    internal IReadOnlyList<(Time Time, Rdd<T> Rdd)> GeneratedRdds
    {
        get
        {
            lock (gate)
            {
                return [.. generated.Select(pair => (pair.Key, pair.Value))];
            }
        }
    }

    // Runs for every stream every batch: it allocates only for persisted RDDs it must unpersist (outside the lock).
    internal override void ClearMetadata(Time time)
    {
        List<Rdd<T>>? persisted = null;
        lock (gate)
        {
            var limit = time - RememberDuration;
            while (generated.Count > 0 && generated.Keys[0] <= limit)
            {
                if (generated.Values[0] is { StorageLevel: not StorageLevel.None } rdd)
                {
                    (persisted ??= []).Add(rdd);
                }
                generated.RemoveAt(0);
            }
        }
        if (persisted is not null)
        {
            foreach (var rdd in persisted)
            {
                rdd.Unpersist();
            }
        }
        var parents = Dependencies;
        for (var i = 0; i < parents.Count; i++)
        {
            parents[i].ClearMetadata(time);
        }
    }
}

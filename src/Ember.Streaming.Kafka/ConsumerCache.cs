namespace Ember.Streaming.Kafka;

/// <summary>
/// The consumers one process keeps for the tasks that read Kafka ranges (Spark's <c>KafkaDataConsumer</c> cache):
/// one per key (group, topic-partition, and the reading settings), lent to one task at a time. A busy key gets a
/// throw-away consumer; a retried task's attempt gets a throw-away one too and closes the cached one (its failure
/// may have come from it); a read that fails closes what it used. Bounded: past <see cref="MaxCapacity"/> entries
/// the least recently used idle ones are closed (busy ones never are, so the cache may briefly hold more). Disposed
/// with the process's engine: idle consumers close then, busy ones when given back. Thread-safe.
/// </summary>
/// <remarks>
/// Generic over the consumer so that tests can lend fakes; consumers are made and closed outside the lock (building
/// one starts librdkafka's threads, closing one waits for them).
/// </remarks>
internal sealed class ConsumerCache(int maxCapacity = ConsumerCache.MaxCapacity) : IDisposable
{
    /// <summary>Spark's <c>spark.streaming.kafka.consumer.cache.initialCapacity</c>: the room reserved at first.</summary>
    public const int InitialCapacity = 16;

    /// <summary>Spark's <c>spark.streaming.kafka.consumer.cache.maxCapacity</c>.</summary>
    public const int MaxCapacity = 64;

    private readonly Lock gate = new();
    private readonly Dictionary<ConsumerKey, LinkedListNode<Entry>> entries = new(InitialCapacity);
    // Least recently used first.
    private readonly LinkedList<Entry> recency = new();
    private bool disposed;

    /// <summary>How many consumers the cache holds now (busy and idle).</summary>
    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>
    /// A consumer for <paramref name="key"/>: the cached one when idle and <paramref name="attemptNumber"/> is 0, else a
    /// throw-away one <paramref name="create"/> makes. Give it back with <see cref="ConsumerLease{TConsumer}.Release"/>.
    /// </summary>
    public ConsumerLease<TConsumer> Acquire<TConsumer>(ConsumerKey key, int attemptNumber, Func<TConsumer> create) where TConsumer : class, IDisposable
    {
        IDisposable? broken = null;
        Entry? reserved = null;
        lock (gate)
        {
            entries.TryGetValue(key, out var node);
            if (disposed)
            {
                // Stopping: nothing is cached any more.
            }
            else if (attemptNumber > 0)
            {
                if (node is not null)
                {
                    if (node.Value.InUse)
                    {
                        node.Value.MarkedForClose = true;
                    }
                    else
                    {
                        broken = Remove(node);
                    }
                }
            }
            else if (node is null)
            {
                reserved = new Entry(key) { InUse = true };
                entries[key] = recency.AddLast(reserved);
            }
            else if (!node.Value.InUse)
            {
                node.Value.InUse = true;
                Touch(node);
                return new ConsumerLease<TConsumer>(this, (TConsumer)node.Value.Consumer!, node.Value);
            }
        }
        broken?.Dispose();
        TConsumer consumer;
        try
        {
            consumer = create();
        }
        catch
        {
            if (reserved is not null)
            {
                Forget(reserved);
            }
            throw;
        }
        if (reserved is null)
        {
            return new ConsumerLease<TConsumer>(this, consumer, entry: null);
        }
        List<IDisposable> evicted;
        lock (gate)
        {
            reserved.Consumer = consumer;
            evicted = EvictIdle();
        }
        evicted.ForEach(idle => idle.Dispose());
        return new ConsumerLease<TConsumer>(this, consumer, reserved);
    }

    /// <summary>Closes every idle consumer now and every busy one when it is given back; later acquisitions are throw-away.</summary>
    public void Dispose()
    {
        List<IDisposable> idle = [];
        lock (gate)
        {
            disposed = true;
            foreach (var node in entries.Values.ToList())
            {
                if (node.Value.InUse)
                {
                    node.Value.MarkedForClose = true;
                }
                else if (Remove(node) is { } consumer)
                {
                    idle.Add(consumer);
                }
            }
        }
        idle.ForEach(consumer => consumer.Dispose());
    }

    /// <summary>A lent consumer comes back; <paramref name="broken"/> (its read failed) closes it.</summary>
    internal void Return(Entry entry, bool broken)
    {
        IDisposable? close = null;
        List<IDisposable> evicted = [];
        lock (gate)
        {
            entry.InUse = false;
            var current = entries.GetValueOrDefault(entry.Key);
            if (broken || entry.MarkedForClose || disposed || current?.Value != entry)
            {
                if (current?.Value == entry)
                {
                    entries.Remove(entry.Key);
                    recency.Remove(current);
                }
                close = entry.Consumer;
            }
            else
            {
                Touch(current);
                evicted = EvictIdle();
            }
        }
        close?.Dispose();
        evicted.ForEach(idle => idle.Dispose());
    }

    private void Forget(Entry entry)
    {
        lock (gate)
        {
            if (entries.TryGetValue(entry.Key, out var node) && node.Value == entry)
            {
                entries.Remove(entry.Key);
                recency.Remove(node);
            }
        }
    }

    private void Touch(LinkedListNode<Entry> node)
    {
        recency.Remove(node);
        recency.AddLast(node);
    }

    private IDisposable? Remove(LinkedListNode<Entry> node)
    {
        entries.Remove(node.Value.Key);
        recency.Remove(node);
        return node.Value.Consumer;
    }

    /// <summary>Past the capacity, removes idle entries, least recently used first; returns their consumers to close.</summary>
    private List<IDisposable> EvictIdle()
    {
        List<IDisposable> evicted = [];
        for (var node = recency.First; node is not null && entries.Count > maxCapacity;)
        {
            var next = node.Next;
            if (!node.Value.InUse && Remove(node) is { } consumer)
            {
                evicted.Add(consumer);
            }
            node = next;
        }
        return evicted;
    }

    /// <summary>One cached consumer (null while being made) and whether a task holds it.</summary>
    internal sealed class Entry(ConsumerKey key)
    {
        public ConsumerKey Key { get; } = key;

        public IDisposable? Consumer { get; set; }

        public bool InUse { get; set; }

        public bool MarkedForClose { get; set; }
    }
}

/// <summary>
/// What a cached consumer is for (Spark's <c>CacheKey(groupId, topicPartition)</c>), plus the consumer's record types
/// and reading config: two streams of one group that read with other deserializers or isolation never share one.
/// </summary>
internal sealed record ConsumerKey(string GroupId, string Topic, int Partition, string Settings);

/// <summary>A consumer lent by a <see cref="ConsumerCache"/> (or a throw-away one); give it back exactly once.</summary>
internal sealed class ConsumerLease<TConsumer>(ConsumerCache? cache, TConsumer consumer, ConsumerCache.Entry? entry) where TConsumer : class, IDisposable
{
    private int released;

    public TConsumer Consumer => consumer;

    /// <summary>Whether the consumer is the cache's (false: a throw-away one, closed on release).</summary>
    public bool IsCached => cache is not null && entry is not null;

    /// <summary>Gives the consumer back (a throw-away or broken one is closed). Idempotent.</summary>
    public void Release(bool broken = false)
    {
        if (Interlocked.Exchange(ref released, 1) != 0)
        {
            return;
        }
        if (cache is not null && entry is not null)
        {
            cache.Return(entry, broken);
        }
        else
        {
            consumer.Dispose();
        }
    }
}

using System.Text;

namespace Ember.Streaming.Sources;

/// <summary>
/// Where a partition of a direct source's batch would rather be read (Spark's location strategies), as a
/// <see cref="SourceReader{TAllocation, T}"/> declares it: anywhere, on the executor a stable key hashes to, or on a
/// named executor. A hint: the cluster runs the task there when that executor has a free core, elsewhere otherwise,
/// so it is about keeping per-executor state warm (open connections, cached consumers), never about correctness.
/// Plain data; locally every partition runs in the one process anyway.
/// </summary>
public sealed class PartitionPlacement
{
    private PartitionPlacement(string? key, string? executorId)
    {
        Key = key;
        ExecutorId = executorId;
    }

    /// <summary>No preference: the partition runs on whichever executor has a free core first.</summary>
    public static PartitionPlacement Anywhere { get; } = new(null, null);

    /// <summary>The stable key hashed to pick an executor, or null.</summary>
    public string? Key { get; }

    /// <summary>The executor named by <see cref="Fixed"/>, or null.</summary>
    public string? ExecutorId { get; }

    /// <summary>
    /// The executor <paramref name="key"/> hashes to (Spark's <c>PreferConsistent</c>): the live executors sorted by
    /// id, index <c>floorMod(hash(key), count)</c>, with a hash of the key's UTF-8 bytes that is the same in every
    /// process and run (never <see cref="string.GetHashCode()"/>). The same key lands on the same executor batch after
    /// batch while the set of executors stays the same; when an executor is lost or added, keys move.
    /// </summary>
    /// <param name="key">What identifies the data read, across batches (a topic-partition, a shard id).</param>
    /// <exception cref="ArgumentException"><paramref name="key"/> is null or empty.</exception>
    public static PartitionPlacement Consistent(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return new PartitionPlacement(key, null);
    }

    /// <summary>
    /// Executor <paramref name="executorId"/> while it lives (Spark's <c>PreferFixed</c>); otherwise as
    /// <see cref="Consistent"/> with <paramref name="fallbackKey"/>, or anywhere without one.
    /// </summary>
    /// <param name="executorId">An executor id as the cluster names them (<c>0</c>, <c>1</c>, ...; <c>driver</c> locally).</param>
    /// <param name="fallbackKey">The key to hash when the executor is not alive; null for no preference then.</param>
    /// <exception cref="ArgumentException"><paramref name="executorId"/> is null or empty, or <paramref name="fallbackKey"/> is empty.</exception>
    public static PartitionPlacement Fixed(string executorId, string? fallbackKey = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(executorId);
        if (fallbackKey is { Length: 0 })
        {
            throw new ArgumentException("The fallback key must not be empty (null for none).", nameof(fallbackKey));
        }
        return new PartitionPlacement(fallbackKey, executorId);
    }

    /// <summary>The executors to prefer among <paramref name="executorIds"/> (alive, sorted ordinally): one, or none.</summary>
    internal IReadOnlyList<string> Resolve(IReadOnlyList<string> executorIds)
    {
        if (ExecutorId is { } fixedId && executorIds.Contains(fixedId, StringComparer.Ordinal))
        {
            return [fixedId];
        }
        if (Key is null || executorIds.Count == 0)
        {
            return [];
        }
        return [executorIds[(int)((StableHash(Key) % (uint)executorIds.Count))]];
    }

    /// <summary>
    /// FNV-1a over the key's UTF-8 bytes: the same in every process and run. Unsigned, so the modulo is already the
    /// floor modulo Spark takes of its signed hash.
    /// </summary>
    internal static uint StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }

    /// <inheritdoc />
    public override string ToString() => (ExecutorId, Key) switch
    {
        (null, null) => "Anywhere",
        (null, { } key) => $"Consistent({key})",
        ({ } id, null) => $"Fixed({id})",
        ({ } id, { } key) => $"Fixed({id}, else Consistent({key}))",
    };
}

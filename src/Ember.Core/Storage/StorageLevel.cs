namespace Ember.Storage;

/// <summary>Where a persisted RDD keeps its computed partitions.</summary>
public enum StorageLevel
{
    /// <summary>Not persisted: recomputed from lineage every time.</summary>
    None,

    /// <summary>As objects in memory (fastest; the default of <c>Cache</c>).</summary>
    MemoryOnly,

    /// <summary>Serialized with the context's serializer, in memory (smaller, costs CPU to read).</summary>
    MemoryOnlySerialized,

    /// <summary>Serialized to files under the context's local directory.</summary>
    DiskOnly,
}

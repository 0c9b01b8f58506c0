using System.Collections.Concurrent;
using Ember.Serialization;

namespace Ember.Storage;

/// <summary>
/// Keeps the computed partitions of persisted RDDs, as objects, serialized bytes or files, by (RDD, partition).
/// Two tasks computing the same partition at once both compute it; the first to finish is kept.
/// </summary>
internal sealed class BlockManager(
    ISerializer serializer,
    string localDirectory,
    ContextCleaner cleaner,
    Action<int>? removeElsewhere = null,
    Action<int, int>? onStored = null) : IDisposable
{
    private readonly ConcurrentDictionary<(int Rdd, int Partition), object> blocks = new();

    public void Track(Rdd rdd)
    {
        var id = rdd.Id;
        cleaner.Register(rdd, () => Remove(id));
    }

    public IEnumerable<T> GetOrCompute<T>(Rdd<T> rdd, Partition partition, TaskContext context)
    {
        var key = (rdd.Id, partition.Index);
        if (blocks.TryGetValue(key, out var stored))
        {
            return Read<T>(stored);
        }
        var items = rdd.ComputeOrReadCheckpoint(partition, context).ToArray();
        object block = rdd.StorageLevel switch
        {
            StorageLevel.MemoryOnly => items,
            StorageLevel.MemoryOnlySerialized => new SerializedBlock(serializer.Serialize(items)),
            StorageLevel.DiskOnly => WriteFile(key, items),
            _ => throw new InvalidOperationException($"{rdd} is not persisted."),
        };
        if (blocks.TryAdd(key, block))
        {
            onStored?.Invoke(rdd.Id, partition.Index);
        }
        else if (block is DiskBlock disk)
        {
            File.Delete(disk.Path);
        }
        return items;
    }

    /// <summary>The stored records of a partition, or null when it is not stored.</summary>
    public IEnumerable<T>? TryGet<T>(int rddId, int partition) =>
        blocks.TryGetValue((rddId, partition), out var stored) ? Read<T>(stored) : null;

    /// <summary>True when every one of the RDD's <paramref name="partitions"/> partitions is stored here.</summary>
    public bool HoldsAll(int rddId, int partitions)
    {
        for (var partition = 0; partition < partitions; partition++)
        {
            if (!blocks.ContainsKey((rddId, partition)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Drops the RDD's stored partitions here and, on a cluster, on the executors that hold some.</summary>
    public void Remove(int rddId)
    {
        removeElsewhere?.Invoke(rddId);
        RemoveHere(rddId);
    }

    public void Dispose()
    {
        foreach (var key in blocks.Keys.Select(key => key.Rdd).Distinct().ToList())
        {
            RemoveHere(key);
        }
    }

    private void RemoveHere(int rddId)
    {
        foreach (var key in blocks.Keys.Where(key => key.Rdd == rddId))
        {
            if (blocks.TryRemove(key, out var block) && block is DiskBlock disk)
            {
                File.Delete(disk.Path);
            }
        }
    }

    private IEnumerable<T> Read<T>(object block) => block switch
    {
        T[] items => items,
        SerializedBlock serialized => serializer.Deserialize<T[]>(serialized.Bytes),
        DiskBlock disk => ReadFile<T>(disk.Path),
        _ => throw new InvalidOperationException($"Unexpected block type {block.GetType()}."),
    };

    private T[] ReadFile<T>(string path)
    {
        using var stream = File.OpenRead(path);
        return serializer.Deserialize<T[]>(stream);
    }

    private DiskBlock WriteFile<T>((int Rdd, int Partition) key, T[] items)
    {
        Directory.CreateDirectory(localDirectory);
        var path = Path.Combine(localDirectory, $"rdd_{key.Rdd}_{key.Partition}_{Guid.NewGuid():N}.block");
        using (var stream = File.Create(path))
        {
            serializer.Serialize(stream, items);
        }
        return new DiskBlock(path);
    }

    private sealed record SerializedBlock(byte[] Bytes);

    private sealed record DiskBlock(string Path);
}

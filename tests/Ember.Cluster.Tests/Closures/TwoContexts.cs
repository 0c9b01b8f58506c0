using Ember.Cluster.Closures;

namespace Ember.Cluster.Tests.Closures;

/// <summary>
/// A driver context and an "executor" context in one process: lineages are written with the first and rebuilt into
/// the second, whose own scheduler then computes them, as an executor would.
/// </summary>
public sealed class TwoContexts : IDisposable
{
    public EmberContext Driver { get; } = new(new EmberOptions { Master = "local[2]" });

    public EmberContext Executor { get; } = new(new EmberOptions { Master = "local[2]" });

    public byte[] Serialize(object? root) => TaskBinary.Serialize(root, Driver);

    public T Ship<T>(T root) => (T)TaskBinary.Deserialize(Serialize(root), Executor)!;

    /// <summary>Every record of <paramref name="rdd"/>, in partition order, computed by the executor context's scheduler.</summary>
    public async Task<List<T>> RunOnExecutorAsync<T>(Rdd<T> rdd)
    {
        Assert.Same(Executor, rdd.Context);
        var partitions = await Executor.RunJobAsync(rdd, (_, items) => items.ToList());
        return [.. partitions.SelectMany(items => items)];
    }

    /// <summary>Ships <paramref name="rdd"/> and computes it on the executor context.</summary>
    public Task<List<T>> ShipAndRunAsync<T>(Rdd<T> rdd) => RunOnExecutorAsync(Ship(rdd));

    public void Dispose()
    {
        Driver.Dispose();
        Executor.Dispose();
    }
}

/// <summary>A unique directory under the temporary path, deleted with its contents on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ember-closures-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>The base of test classes that ship lineages: a fresh pair of contexts per test, disposed after it.</summary>
public abstract class TwoContextsTest : IDisposable
{
    protected TwoContexts Contexts { get; } = new();

    protected EmberContext Driver => Contexts.Driver;

    public void Dispose() => Contexts.Dispose();
}

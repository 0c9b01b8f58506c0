using System.Runtime.CompilerServices;

namespace Ember.Streaming.Sources;

/// <summary>
/// What sources keep in one process across tasks (<see cref="SourceReadContext.ProcessResource{TResource}"/>), per
/// engine: an executor has one context, the driver's local mode too. Disposed, every resource with it, when the
/// context starts to stop; a resource asked for after that is made and disposed at once, so nothing outlives it.
/// </summary>
internal sealed class ProcessResources
{
    private static readonly ConditionalWeakTable<EmberContext, ProcessResources> PerContext = new();

    private readonly Lock gate = new();
    private readonly Dictionary<string, IDisposable> resources = new(StringComparer.Ordinal);
    private bool disposed;

    internal ProcessResources(CancellationToken stopping) => stopping.Register(Dispose);

    public static ProcessResources Of(EmberContext context) => PerContext.GetValue(context, created => new ProcessResources(created.Stopping));

    public TResource GetOrCreate<TResource>(string key, Func<TResource> create) where TResource : class, IDisposable
    {
        lock (gate)
        {
            if (resources.TryGetValue(key, out var existing))
            {
                return existing as TResource ?? throw new InvalidOperationException(
                    $"The process resource '{key}' is a {existing.GetType().Name}, not a {typeof(TResource).Name}: two sources use one key.");
            }
            var resource = create() ?? throw new InvalidOperationException($"The factory of process resource '{key}' returned null.");
            if (disposed)
            {
                resource.Dispose();
            }
            else
            {
                resources[key] = resource;
            }
            return resource;
        }
    }

    public void Dispose()
    {
        List<IDisposable> all;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            all = [.. resources.Values];
            resources.Clear();
        }
        foreach (var resource in all)
        {
            resource.Dispose();
        }
    }
}

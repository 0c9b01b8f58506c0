namespace Ember.Streaming.Testing;

/// <summary>
/// The inputs (or outputs) of a driver by name: made by the first run of the job's factory that declares them, the
/// same objects for every later run, so what the test pushed or collected survives restarts.
/// </summary>
internal sealed class TestHandles(string kind)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, object> handles = new(StringComparer.Ordinal);

    /// <summary>The handle named <paramref name="name"/>, made by <paramref name="create"/> on first declaration.</summary>
    public THandle Declare<THandle>(string name, Func<THandle> create)
        where THandle : class
    {
        lock (gate)
        {
            if (!handles.TryGetValue(name, out var handle))
            {
                handle = create();
                handles[name] = handle;
            }
            return handle as THandle ?? throw new ArgumentException(
                $"The {kind} '{name}' was declared as a {Describe(handle.GetType())} by an earlier run of the job's factory, not a {Describe(typeof(THandle))}.", nameof(name));
        }
    }

    /// <summary>The handle the job's factory declared as <paramref name="name"/>.</summary>
    public THandle Get<THandle>(string name)
        where THandle : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        lock (gate)
        {
            if (!handles.TryGetValue(name, out var handle))
            {
                var known = handles.Count == 0 ? "none" : string.Join(", ", handles.Keys.Order(StringComparer.Ordinal).Select(key => $"'{key}'"));
                throw new KeyNotFoundException($"The job declares no {kind} named '{name}' (its {kind}s: {known}); declare it in the factory with StreamingTestGraph.{(kind == "input" ? "Input" : "Output")}.");
            }
            return handle as THandle ?? throw new InvalidOperationException(
                $"The {kind} '{name}' is a {Describe(handle.GetType())}, not a {Describe(typeof(THandle))}.");
        }
    }

    private static string Describe(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Describe))}>" : type.Name;
}

namespace Ember.Tests.Backends;

/// <summary>
/// A test class whose tests run on a backend: locally in the class itself, and on <c>local-cluster[2,1]</c> in a derived
/// class that only overrides <see cref="Backend"/> (one test body, two backends, as Channels' contract tests do).
/// </summary>
/// <remarks>
/// Local contexts are made per test and disposed with the test class instance (xunit makes one per test). On the
/// cluster, tests share one context (<see cref="SharedCluster"/>): starting executor processes per test would take
/// seconds each. A test whose options differ from the defaults in more than the master gets a cluster of its own.
/// </remarks>
public abstract class BackendTests : IDisposable
{
    private readonly List<EmberContext> owned = [];

    /// <summary>Where this class's tests run.</summary>
    protected virtual TestBackend Backend => TestBackend.Local;

    /// <summary>A context for this test on <see cref="Backend"/>, with <paramref name="options"/>.</summary>
    protected EmberContext Context(EmberOptions options)
    {
        if (Backend == TestBackend.LocalCluster && SharedCluster.Fits(options))
        {
            return SharedCluster.Context;
        }
        var context = new EmberContext(Backend == TestBackend.LocalCluster ? SharedCluster.Own(options) : options);
        owned.Add(context);
        return context;
    }

    /// <summary>A context for this test on <see cref="Backend"/>, with <paramref name="master"/> when local.</summary>
    protected EmberContext Context(string master) => Context(new EmberOptions { Master = master });

    public virtual void Dispose()
    {
        foreach (var context in owned)
        {
            context.Dispose();
        }
        GC.SuppressFinalize(this);
    }
}

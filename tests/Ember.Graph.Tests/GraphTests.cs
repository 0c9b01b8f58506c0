namespace Ember.Graph.Tests;

/// <summary>Base for graph tests: one local[2] context per test class instance, disposed after.</summary>
public abstract class GraphTests : IDisposable
{
    protected GraphTests(IDictionary<string, string>? settings = null)
    {
        var options = new EmberOptions { Master = "local[2]" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            options.Settings[key] = value;
        }
        Context = new EmberContext(options);
    }

    protected EmberContext Context { get; }

    public void Dispose()
    {
        Context.Dispose();
        GC.SuppressFinalize(this);
    }

    protected static IEnumerable<Edge<int>> Sorted(IEnumerable<Edge<int>> edges) => edges.OrderBy(e => e.SrcId).ThenBy(e => e.DstId).ThenBy(e => e.Attr);
}

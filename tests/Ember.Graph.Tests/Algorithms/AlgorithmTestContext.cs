namespace Ember.Graph.Tests.Algorithms;

/// <summary>One local[2] context per test class instance, stopped when the test ends.</summary>
public abstract class AlgorithmTestContext : IDisposable
{
    protected AlgorithmTestContext() => Context = new EmberContext(new EmberOptions { Master = "local[2]", AppName = GetType().Name });

    protected EmberContext Context { get; }

    /// <summary>A graph's vertices as a dictionary, for assertions.</summary>
    protected static Dictionary<long, TV> Collect<TV, TE>(Graph<TV, TE> graph) =>
        graph.Vertices.Collect().ToDictionary(v => v.Id, v => v.Attr);

    /// <summary>GraphX PageRankSuite's compareRanks: the sum over <paramref name="a"/> of squared differences to <paramref name="b"/> (0 where absent).</summary>
    protected static double CompareRanks(IReadOnlyDictionary<long, double> a, IReadOnlyDictionary<long, double> b) =>
        a.Sum(kv => Math.Pow(kv.Value - b.GetValueOrDefault(kv.Key, 0.0), 2));

    public void Dispose()
    {
        Context.Dispose();
        GC.SuppressFinalize(this);
    }
}

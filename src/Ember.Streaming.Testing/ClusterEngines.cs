using Ember.Scheduling;

namespace Ember.Streaming.Testing;

/// <summary>
/// The engines <see cref="StreamingTest"/> runs on cluster masters: one per master for the whole test process, started
/// by the first run that names it and stopped when the process exits. Starting executor processes takes seconds, a
/// streaming run on a started engine a fraction of one, so a test class's cases on <c>local-cluster[2,1]</c> cost little
/// more than its local ones.
/// </summary>
/// <remarks>
/// Callers hold the kit's one-run-at-a-time gate, so the dictionary needs no lock of its own. A run that times out
/// discards its engine (<see cref="DiscardAsync"/>): the next run on that master starts a new one.
/// </remarks>
internal static class ClusterEngines
{
    private static readonly Dictionary<string, EmberContext> Engines = new(StringComparer.Ordinal);

    /// <summary>
    /// A longer heartbeat pause than the default 6 s: a test process busy with other tests may leave the driver's
    /// heartbeats late, and a false "executor lost" would fail an unrelated case. A local-cluster executor that really
    /// dies is noticed at once anyway, by its process ending.
    /// </summary>
    private static readonly KeyValuePair<string, string> HeartbeatPause = new("ember.cluster.heartbeatPause", "30s");

    static ClusterEngines() => AppDomain.CurrentDomain.ProcessExit += (_, _) => StopAll();

    /// <summary>Whether <paramref name="master"/> runs tasks outside this process (<c>local-cluster[N,C]</c>, <c>ember://...</c>).</summary>
    public static bool IsCluster(string master) => MasterUrl.Parse(master).IsCluster;

    /// <summary>
    /// The engine of <paramref name="master"/>, started on first use. A start that fails is not remembered, so the next
    /// run tries again and reports its own error.
    /// </summary>
    public static EmberContext For(string master)
    {
        var key = master.Trim();
        if (!Engines.TryGetValue(key, out var engine))
        {
            engine = new EmberContext(new EmberOptions { Master = key, AppName = "StreamingTest", Settings = { [HeartbeatPause.Key] = HeartbeatPause.Value } });
            Engines[key] = engine;
        }
        return engine;
    }

    /// <summary>
    /// Forgets the engine of <paramref name="master"/> and stops it, waiting at most 30 s for the stop: one that does
    /// not stop in time finishes stopping in the background (its executors exit on their own once the test process is
    /// gone).
    /// </summary>
    public static async Task DiscardAsync(string master)
    {
        if (!Engines.Remove(master.Trim(), out var engine))
        {
            return;
        }
        await Task.WhenAny(Task.Run(engine.Dispose), Task.Delay(TimeSpan.FromSeconds(30))).ConfigureAwait(false);
    }

    private static void StopAll()
    {
        foreach (var engine in Engines.Values)
        {
            // The executors also exit on their own once the driver is gone; stopping them here only makes it prompt.
            engine.Dispose();
        }
        Engines.Clear();
    }
}

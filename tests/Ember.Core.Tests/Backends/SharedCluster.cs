namespace Ember.Tests.Backends;

/// <summary>
/// The one <c>local-cluster[2,1]</c> context the cluster runs of the tests share, started by the first test that needs
/// it and stopped when the test process exits (its executors also exit on their own once the driver is gone).
/// </summary>
internal static class SharedCluster
{
    public const string Master = "local-cluster[2,1]";

    private static readonly Lazy<EmberContext> Shared = new(() =>
    {
        var context = new EmberContext(new EmberOptions { Master = Master, AppName = "ember-core-tests" });
        AppDomain.CurrentDomain.ProcessExit += (_, _) => context.Dispose();
        return context;
    });

    public static EmberContext Context => Shared.Value;

    /// <summary>Whether a test asking for <paramref name="options"/> can use the shared context: it sets nothing but a master.</summary>
    public static bool Fits(EmberOptions options)
    {
        var defaults = new EmberOptions();
        return options.AppName == defaults.AppName && options.DefaultParallelism is null && options.MaxTaskAttempts == defaults.MaxTaskAttempts
            && options.Serializer is null && options.LocalDirectory is null && options.CleanCheckpoints == defaults.CleanCheckpoints
            && options.LoggerFactory is null;
    }

    /// <summary><paramref name="options"/> on a cluster of the test's own.</summary>
    public static EmberOptions Own(EmberOptions options) => new()
    {
        Master = Master,
        AppName = options.AppName,
        DefaultParallelism = options.DefaultParallelism,
        MaxTaskAttempts = options.MaxTaskAttempts,
        Serializer = options.Serializer,
        LocalDirectory = options.LocalDirectory,
        CleanCheckpoints = options.CleanCheckpoints,
        LoggerFactory = options.LoggerFactory,
    };
}

using Ember.Streaming.Testing;

// Every operator test class runs again on local-cluster[2,1]: same bodies, same assertions, tasks in executor processes.
namespace Ember.Streaming.Tests.Operators;

/// <summary>The master of the cluster runs, and their options.</summary>
internal static class ClusterRuns
{
    public const string Master = "local-cluster[2,1]";

    public static StreamingTestOptions Options => new() { Master = Master };
}

public sealed class TransformationTestsOnCluster : TransformationTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

public sealed class PairTransformationTestsOnCluster : PairTransformationTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

public sealed class WindowTestsOnCluster : WindowTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

public sealed class ReduceByKeyAndWindowTestsOnCluster : ReduceByKeyAndWindowTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

public sealed class WindowPropertyTestsOnCluster : WindowPropertyTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

public sealed class UpdateStateByKeyTestsOnCluster : UpdateStateByKeyTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

public sealed class MapWithStateTestsOnCluster : MapWithStateTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

public sealed class JoinTestsOnCluster : JoinTests
{
    protected override StreamingTestOptions Options => ClusterRuns.Options;
}

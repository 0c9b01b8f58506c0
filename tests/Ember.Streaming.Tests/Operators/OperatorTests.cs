using Ember.Streaming.Testing;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// The base of the operator test classes: every <see cref="StreamingTest"/> run of theirs uses <see cref="Options"/>,
/// which is <c>local[2]</c> here and <c>local-cluster[2,1]</c> in the <c>...OnCluster</c> classes (OnCluster.cs), which
/// override it and nothing else: one test body, the same assertions, on both backends.
/// </summary>
/// <remarks>
/// On the cluster every run shares the kit's one engine (two executor processes, started once per test process).
/// Tests that never run a batch on the class's backend (argument checks made when a stream is built, cases on the
/// harness's own local engine), and any whose assertions would read what task closures did to the driver's memory,
/// live in <c>...InProcessTests</c> classes beside them, run locally only.
/// </remarks>
public abstract class OperatorTests
{
    /// <summary>How this class's runs are made: the master, and the kit's defaults otherwise.</summary>
    protected virtual StreamingTestOptions Options => new();
}

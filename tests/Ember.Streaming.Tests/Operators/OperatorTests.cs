using Ember.Streaming.Testing;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// The base of the operator test classes: every <see cref="StreamingTest"/> run of theirs uses <see cref="Options"/>,
/// which is <c>local[2]</c> here and <c>local-cluster[2,1]</c> in the <c>...OnCluster</c> classes (OnCluster.cs), which
/// override it and nothing else: one test body, the same assertions, on both backends.
/// </summary>
/// <remarks>
/// On the cluster every run shares the kit's one engine (two executor processes, started once per test process).
/// Tests whose assertions read what task closures did to the driver's memory cannot hold there: they live in
/// <c>...InProcessTests</c> classes, run locally only.
/// </remarks>
public abstract class OperatorTests
{
    /// <summary>How this class's runs are made: the master, and the kit's defaults otherwise.</summary>
    protected virtual StreamingTestOptions Options => new();
}

namespace Ember.Tests.Backends;

/// <summary>Where a test's jobs run.</summary>
public enum TestBackend
{
    /// <summary>Worker threads of the test process (<c>local[N]</c>), the master each test names.</summary>
    Local,

    /// <summary>Two executor processes with one task thread each (<c>local-cluster[2,1]</c>): every task, closure and shuffle block crosses a process boundary.</summary>
    LocalCluster,
}

namespace Ember.Cluster.Tests;

public sealed class ClusterNamesTests
{
    [Fact]
    public void ActorSystem_IsAValidAkkaSystemName() =>
        Assert.Matches("^[a-zA-Z0-9][a-zA-Z0-9-_]*$", ClusterNames.ActorSystem);
}

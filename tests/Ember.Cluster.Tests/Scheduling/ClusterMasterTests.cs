using Ember.Cluster.Scheduling;

namespace Ember.Cluster.Tests.Scheduling;

public sealed class ClusterMasterTests
{
    [Theory]
    [InlineData("local-cluster[2,1]", 2, 1)]
    [InlineData("local-cluster[3, 2, 1024]", 3, 2)]
    public void Parse_LocalCluster_ExecutorsAndCoresOnLoopback(string master, int executors, int cores)
    {
        var parsed = ClusterMaster.Parse(master);

        Assert.Equal((executors, cores, "127.0.0.1", 0), (parsed.LocalExecutors, parsed.CoresPerExecutor, parsed.Host, parsed.Port));
        Assert.True(parsed.StartsExecutors);
    }

    [Fact]
    public void Parse_EmberUrl_HostAndPortWithoutExecutors()
    {
        var parsed = ClusterMaster.Parse("ember://10.1.2.3:7077");

        Assert.Equal(("10.1.2.3", 7077), (parsed.Host, parsed.Port));
        Assert.False(parsed.StartsExecutors);
    }

    [Theory]
    [InlineData("local-cluster[0,1]")]
    [InlineData("local-cluster[2,0]")]
    [InlineData("local-cluster[2]")]
    [InlineData("ember://host")]
    [InlineData("ember://host:70000")]
    [InlineData("spark://host:7077")]
    public void Parse_Malformed_ThrowsQuotingTheMaster(string master)
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterMaster.Parse(master));

        Assert.Contains($"'{master}'", error.Message, StringComparison.Ordinal);
    }
}

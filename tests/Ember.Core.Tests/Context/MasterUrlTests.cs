using Ember.Scheduling;

namespace Ember.Tests.Context;

public sealed class MasterUrlTests
{
    [Fact]
    public void Parse_Local_OneWorkerThreadAndDefaultAttempts()
    {
        var master = MasterUrl.Parse("local");

        Assert.Equal(1, master.WorkerThreads);
        Assert.Null(master.MaxTaskAttempts);
    }

    [Fact]
    public void Parse_LocalN_NWorkerThreads()
    {
        var master = MasterUrl.Parse("local[3]");

        Assert.Equal(3, master.WorkerThreads);
        Assert.Null(master.MaxTaskAttempts);
    }

    [Fact]
    public void Parse_LocalStar_OneWorkerThreadPerCore()
    {
        Assert.Equal(Environment.ProcessorCount, MasterUrl.Parse("local[*]").WorkerThreads);
    }

    [Fact]
    public void Parse_LocalNF_ThreadsAndTaskAttempts()
    {
        var master = MasterUrl.Parse("local[2,5]");

        Assert.Equal(2, master.WorkerThreads);
        Assert.Equal(5, master.MaxTaskAttempts);
    }

    [Theory]
    [InlineData("locale")]
    [InlineData("local[0]")]
    [InlineData("local[x]")]
    [InlineData("local[2,0]")]
    [InlineData("local[]")]
    [InlineData("yarn")]
    [InlineData("spark://host:7077")]
    [InlineData("")]
    public void Parse_InvalidMaster_ThrowsArgumentExceptionQuotingIt(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => MasterUrl.Parse(value));

        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("local-cluster[2,1]")]
    [InlineData("local-cluster[2,1,1024]")]
    [InlineData("ember://10.0.0.5:7077")]
    public void Parse_ClusterMaster_IsLeftToTheClusterBackend(string value)
    {
        var master = MasterUrl.Parse(value);

        Assert.True(master.IsCluster);
    }

    [Fact]
    public void Parse_LocalMaster_IsNotACluster()
    {
        Assert.False(MasterUrl.Parse("local[2]").IsCluster);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => MasterUrl.Parse(null!));
    }
}

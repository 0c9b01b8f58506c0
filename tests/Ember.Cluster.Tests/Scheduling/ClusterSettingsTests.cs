namespace Ember.Cluster.Tests.Scheduling;

public sealed class ClusterSettingsTests
{
    [Fact]
    public void Read_NoSettings_LenientDefaults()
    {
        var options = ClusterSettings.Read(new Dictionary<string, string>(), "127.0.0.1", 0);

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(5)),
            (options.HeartbeatInterval, options.AcceptableHeartbeatPause, options.StableAfter));
    }

    [Fact]
    public void Read_SparkDurations_Parsed()
    {
        var options = ClusterSettings.Read(new Dictionary<string, string>
        {
            [ClusterSettings.HeartbeatInterval] = "500ms",
            [ClusterSettings.HeartbeatPause] = "3",
            [ClusterSettings.StableAfter] = "1m",
        }, "127.0.0.1", 7077);

        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(1), 7077),
            (options.HeartbeatInterval, options.AcceptableHeartbeatPause, options.StableAfter, options.Port));
    }

    [Theory]
    [InlineData("64m", 64L << 20)]
    [InlineData("1g", 1L << 30)]
    [InlineData("4096", 4096L)]
    public void Read_BlockStoreMemory_SizesWithUnits(string value, long expected) =>
        Assert.Equal(expected, ClusterSettings.Read(new Dictionary<string, string> { [ClusterSettings.BlockStoreMemory] = value }, "127.0.0.1", 0).BlockStoreMemory);

    [Theory]
    [InlineData("ember.cluster.heartbeatPaus", "2s", "Unknown setting 'ember.cluster.heartbeatPaus'")]
    [InlineData("ember.cluster.blockStoreMemory", "lots", "'ember.cluster.blockStoreMemory' is 'lots', not a size")]
    [InlineData("ember.cluster.heartbeatPause", "two seconds", "'ember.cluster.heartbeatPause' is 'two seconds'")]
    [InlineData("ember.cluster.stableAfter", "0s", "'ember.cluster.stableAfter' is '0s': it must be positive")]
    public void Read_BadSetting_ThrowsNamingTheKey(string key, string value, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterSettings.Read(new Dictionary<string, string> { [key] = value }, "127.0.0.1", 0));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}

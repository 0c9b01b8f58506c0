using Ember.Examples.Scenarios;
using Ember.Examples.Scenarios.LogAnalytics;

namespace Ember.Examples.Tests;

/// <summary>How the examples read their command lines: usage on request, clear errors naming the bad argument.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void RealTimeAnalyticsOptions_Help_IsAUsageRequestNotAnError()
    {
        var help = Assert.Throws<HelpRequestedException>(() => RealTimeAnalyticsOptions.Parse(["--help"]));
        Assert.StartsWith("Usage: realtimeanalytics", help.Message);
    }

    [Fact]
    public void ScenarioOptions_Help_IsAUsageRequestNotAnError()
    {
        var help = Assert.Throws<HelpRequestedException>(() => ScenarioOptions.Parse<LogAnalyticsOptions>("loganalytics", ["-h"]));
        Assert.StartsWith("Usage: loganalytics", help.Message);
    }

    [Fact]
    public void RecoverableJobArguments_Help_IsAUsageRequestNotAnError()
    {
        var help = Assert.Throws<HelpRequestedException>(() => RecoverableJobArguments.Parse(["--input", "in", "--help"], "--input", "Usage: logdirectory ...", TimeSpan.FromSeconds(1)));
        Assert.Equal("Usage: logdirectory ...", help.Message);
    }

    [Fact]
    public void RealTimeAnalyticsOptions_WindowNotAMultipleOfTheBatch_ErrorNamesBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => RealTimeAnalyticsOptions.Parse(["--batch-interval", "2s", "--window", "5s"]));
        Assert.IsNotType<HelpRequestedException>(error);
        Assert.Contains("'window' (5000 ms) must be a multiple of the batch interval (2000 ms)", error.Message);
    }

    [Theory]
    [InlineData("local[2]")]
    [InlineData("local[*]")]
    [InlineData("local-cluster[2,1]")]
    [InlineData("ember://10.0.0.5:7077")]
    public void RealTimeAnalyticsOptions_Master_KeptAsGiven(string master) =>
        Assert.Equal(master, RealTimeAnalyticsOptions.Parse(["--master", master]).Master);

    [Fact]
    public void RealTimeAnalyticsOptions_NoMaster_TwoLocalThreads() =>
        Assert.Equal("local[2]", RealTimeAnalyticsOptions.Parse([]).Master);

    [Theory]
    [InlineData("local-cluster[0,1]")]
    [InlineData("local-cluster[2]")]
    [InlineData("ember://host")]
    [InlineData("ember://host:70000")]
    [InlineData("yarn")]
    public void RealTimeAnalyticsOptions_BadMaster_ErrorNamesTheFlagAndValue(string master)
    {
        var error = Assert.Throws<ArgumentException>(() => RealTimeAnalyticsOptions.Parse(["--master", master]));
        Assert.Contains($"Argument 'master' must be", error.Message);
        Assert.Contains($"not '{master}'", error.Message);
    }

    [Fact]
    public void RecoverableJobArguments_Master_KeptAsGiven() =>
        Assert.Equal("local-cluster[2,1]", RecoverableJobArguments.Parse(
            ["--input", "in", "--checkpoint", "c", "--output", "o", "--master", "local-cluster[2,1]"], "--input", "Usage", TimeSpan.FromSeconds(1)).Master);

    [Fact]
    public void ScenarioOptions_BadMaster_ErrorNamesTheFlag()
    {
        var error = Assert.Throws<ArgumentException>(() => ScenarioOptions.Parse<LogAnalyticsOptions>("loganalytics", ["--master", "local-cluster"]));
        Assert.Contains("Argument 'master' must be", error.Message);
    }
}

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
}

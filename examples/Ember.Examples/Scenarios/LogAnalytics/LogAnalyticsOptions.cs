using System.Globalization;

namespace Ember.Examples.Scenarios.LogAnalytics;

/// <summary>The options of the loganalytics scenario.</summary>
internal sealed class LogAnalyticsOptions : ScenarioOptions
{
    public LogAnalyticsOptions() => Rate = 500;

    /// <summary>The sliding window of the top URLs and of the error rate.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan Slide { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The share of server errors over the window above which an alert is raised.</summary>
    public double Threshold { get; set; } = 0.10;

    /// <summary>How many URLs the top list shows.</summary>
    public int Top { get; set; } = 5;

    /// <summary>The generated incident's batches.</summary>
    public Range Incident { get; set; } = 6..14;

    protected override string FlagsUsage => "[--window 10s] [--slide 2s] [--threshold 0.10] [--top 5]";

    protected override IReadOnlyDictionary<string, Action<string>> Flags => new Dictionary<string, Action<string>>
    {
        ["--window"] = value => Window = Arguments.Duration(value, "window"),
        ["--slide"] = value => Slide = Arguments.Duration(value, "slide"),
        ["--threshold"] = value => Threshold = Fraction(value),
        ["--top"] = value => Top = Arguments.PositiveInt(value, "top"),
    };

    protected override void Validate()
    {
        RequireMultipleOfBatch(Window, "window");
        RequireMultipleOfBatch(Slide, "slide");
    }

    private static double Fraction(string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var fraction) && fraction is > 0 and < 1
            ? fraction
            : throw new ArgumentException($"Argument 'threshold' must be a fraction between 0 and 1 such as 0.1, not '{value}'.");
}

using System.Globalization;

namespace Ember.Examples.Scenarios.Anomalies;

/// <summary>The options of the anomalies scenario.</summary>
internal sealed class AnomaliesOptions : ScenarioOptions
{
    public AnomaliesOptions() => Rate = 60;

    /// <summary>The sliding window of the per-symbol mean and deviation; it slides every batch.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many standard deviations from the window's mean make a trade an anomaly.</summary>
    public double Deviations { get; set; } = 5;

    /// <summary>The fewest trades of a symbol in the window before its trades are judged.</summary>
    public int MinTrades { get; set; } = 20;

    protected override string FlagsUsage => "[--window 30s] [--deviations 5] [--min-trades 20]";

    protected override IReadOnlyDictionary<string, Action<string>> Flags => new Dictionary<string, Action<string>>
    {
        ["--window"] = value => Window = Arguments.Duration(value, "window"),
        ["--deviations"] = value => Deviations = double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"Argument 'deviations' must be a positive number such as 5, not '{value}'."),
        ["--min-trades"] = value => MinTrades = Arguments.PositiveInt(value, "min-trades"),
    };

    protected override void Validate() => RequireMultipleOfBatch(Window, "window");
}

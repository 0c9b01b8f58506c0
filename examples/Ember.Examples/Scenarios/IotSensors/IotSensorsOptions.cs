namespace Ember.Examples.Scenarios.IotSensors;

/// <summary>The options of the iotsensors scenario; its rate is the readings of each online meter per batch.</summary>
internal sealed class IotSensorsOptions : ScenarioOptions
{
    public IotSensorsOptions() => Rate = 4;

    public int Meters { get; set; } = 10;

    /// <summary>The sliding window of the average reading per meter.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(6);

    public TimeSpan Slide { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A meter silent for longer than this is reported offline (the MapWithState timeout).</summary>
    public TimeSpan OfflineAfter { get; set; } = TimeSpan.FromSeconds(3);

    protected override string FlagsUsage => "[--meters 10] [--window 6s] [--slide 2s] [--offline-after 3s]";

    protected override IReadOnlyDictionary<string, Action<string>> Flags => new Dictionary<string, Action<string>>
    {
        ["--meters"] = value => Meters = Arguments.PositiveInt(value, "meters"),
        ["--window"] = value => Window = Arguments.Duration(value, "window"),
        ["--slide"] = value => Slide = Arguments.Duration(value, "slide"),
        ["--offline-after"] = value => OfflineAfter = Arguments.Duration(value, "offline-after"),
    };

    protected override void Validate()
    {
        RequireMultipleOfBatch(Window, "window");
        RequireMultipleOfBatch(Slide, "slide");
    }
}

namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>The options of the socialmedia scenario.</summary>
internal sealed class SocialMediaOptions : ScenarioOptions
{
    public SocialMediaOptions() => Rate = 200;

    /// <summary>The sliding window of the mentions and the sentiment per tag.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(6);

    public TimeSpan Slide { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many tags each window's report shows.</summary>
    public int Top { get; set; } = 5;

    /// <summary>The sentiment word list: <c>word score</c> lines.</summary>
    public string Words { get; set; } = SentimentLexicon.DefaultPath;

    /// <summary>The batches of the generated outage.</summary>
    public Range Outage { get; set; } = 8..13;

    protected override string FlagsUsage => "[--window 6s] [--slide 2s] [--top 5] [--words <file>]";

    protected override IReadOnlyDictionary<string, Action<string>> Flags => new Dictionary<string, Action<string>>
    {
        ["--window"] = value => Window = Arguments.Duration(value, "window"),
        ["--slide"] = value => Slide = Arguments.Duration(value, "slide"),
        ["--top"] = value => Top = Arguments.PositiveInt(value, "top"),
        ["--words"] = value => Words = File.Exists(value) ? value : throw new ArgumentException($"Argument 'words': no file '{value}'."),
    };

    protected override void Validate()
    {
        RequireMultipleOfBatch(Window, "window");
        RequireMultipleOfBatch(Slide, "slide");
    }
}

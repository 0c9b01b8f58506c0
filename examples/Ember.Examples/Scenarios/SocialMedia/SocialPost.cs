using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>
/// A post of the feed, <c>time @user: text</c>, with its distinct hashtags (lower case, without '#') and the distinct
/// accounts it mentions (<c>@name</c> in the text, without '@', the author left out).
/// </summary>
internal sealed partial record SocialPost(DateTimeOffset Time, string User, string Text)
{
    public IReadOnlyList<string> Tags => [.. Hashtags().Matches(Text).Select(tag => tag.Groups[1].Value.ToLowerInvariant()).Distinct()];

    public IReadOnlyList<string> Mentions => [.. AtMentions().Matches(Text).Select(mention => mention.Groups[1].Value).Where(user => user != User).Distinct()];

    public override string ToString() => $"{Time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)} @{User}: {Text}";

    /// <summary>The post of a feed line, or null for a line that is not one.</summary>
    public static SocialPost? TryParse(string line)
    {
        var match = Line().Match(line);
        return match.Success && DateTimeOffset.TryParse(match.Groups["time"].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? new SocialPost(time, match.Groups["user"].Value, match.Groups["text"].Value)
            : null;
    }

    [GeneratedRegex(@"^(?<time>\S+) @(?<user>\w+): (?<text>.*)$")]
    private static partial Regex Line();

    [GeneratedRegex(@"#(\w+)")]
    private static partial Regex Hashtags();

    [GeneratedRegex(@"(?<!\w)@(\w+)")]
    private static partial Regex AtMentions();
}

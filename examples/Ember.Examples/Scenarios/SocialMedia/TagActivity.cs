namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>A tag's activity over a window: its mentions (posts carrying it) and the summed sentiment of those posts.</summary>
internal readonly record struct TagActivity(long Mentions, long Sentiment)
{
    /// <summary>The mean sentiment of a post mentioning the tag.</summary>
    public double AverageSentiment => Mentions == 0 ? 0 : (double)Sentiment / Mentions;

    public static TagActivity operator +(TagActivity a, TagActivity b) => new(a.Mentions + b.Mentions, a.Sentiment + b.Sentiment);
}

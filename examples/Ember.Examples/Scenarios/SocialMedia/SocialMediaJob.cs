using Ember.Streaming;

namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>A tag's activity over a window: its mentions (posts carrying it) and the summed sentiment of those posts.</summary>
internal readonly record struct TagActivity(long Mentions, long Sentiment)
{
    /// <summary>The mean sentiment of a post mentioning the tag.</summary>
    public double AverageSentiment => Mentions == 0 ? 0 : (double)Sentiment / Mentions;

    public static TagActivity operator +(TagActivity a, TagActivity b) => new(a.Mentions + b.Mentions, a.Sentiment + b.Sentiment);
}

/// <summary>The graph of the socialmedia scenario, on any stream of feed lines.</summary>
internal static class SocialMediaJob
{
    /// <summary>Every slide, each tag's mentions and sentiment over the window, reduced from the window's batches.</summary>
    public static DStream<(string Tag, TagActivity Activity)> Define(DStream<string> lines, SocialMediaOptions options, SentimentLexicon lexicon) =>
        lines.Map(SocialPost.TryParse)
            .Filter(post => post is not null)
            .FlatMap(post =>
            {
                var sentiment = lexicon.Score(post!.Text);
                return post.Tags.Select(tag => (tag, new TagActivity(1, sentiment)));
            })
            .ReduceByKeyAndWindow((a, b) => a + b, options.Window, options.Slide);
}

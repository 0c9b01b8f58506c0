using Ember.Streaming;

namespace Ember.Examples.Scenarios.SocialMedia;

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

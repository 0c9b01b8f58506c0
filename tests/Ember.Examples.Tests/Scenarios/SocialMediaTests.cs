using Ember.Examples.Scenarios.SocialMedia;
using Ember.Streaming.Testing;

namespace Ember.Examples.Tests.Scenarios;

public sealed class SocialMediaTests
{
    // Batches of 1 s, a window of 4 batches sliding by 2, the outage in batches 6 to 9.
    private static readonly SocialMediaOptions Options = new() { Window = TimeSpan.FromSeconds(4), Slide = TimeSpan.FromSeconds(2), Outage = 6..10 };

    private static readonly SentimentLexicon Lexicon = SentimentLexicon.Load(SentimentLexicon.DefaultPath);

    private static readonly IReadOnlyList<IReadOnlyList<string>> Lines =
        [.. Enumerable.Range(0, 16).Select(batch => new PostGenerator(seed: 4, postsPerBatch: 150, TimeSpan.FromSeconds(1), Options.Outage).Batch(batch).ToList())];

    [Fact]
    public async Task Activity_EachSlide_IsEachTagsMentionsAndSentimentOverTheWindow()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => SocialMediaJob.Define(lines, Options, Lexicon), Lines.Count);

        var expected = Windows.Of(Lines, window: 4, slide: 2).Select(w => w.Records.Select(line => SocialPost.TryParse(line)!)
            .SelectMany(post => post.Tags.Select(tag => (Tag: tag, Sentiment: Lexicon.Score(post.Text))))
            .GroupBy(mention => mention.Tag)
            .Select(g => (g.Key, new TagActivity(g.Count(), g.Sum(mention => mention.Sentiment))))
            .OrderBy(tag => tag.Key, StringComparer.Ordinal).ToList());
        Assert.Equal(expected, outputs.Select(batch => batch.OrderBy(tag => tag.Tag, StringComparer.Ordinal).ToList()));
    }

    [Fact]
    public async Task Activity_DuringTheOutage_OutageIsTheTopTagAndAngry()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => SocialMediaJob.Define(lines, Options, Lexicon), Lines.Count);

        static string Top(IReadOnlyList<(string Tag, TagActivity Activity)> window) => window.MaxBy(tag => tag.Activity.Mentions).Tag;
        // Windows end at batches 1, 3, ..., 15; the outage (6..9) fills the window ending at 9 and half of those ending at 7 and 11.
        Assert.Equal(["dotnet", "dotnet", "dotnet", "outage", "outage", "outage", "dotnet", "dotnet"], outputs.Select(Top));
        Assert.All(outputs.Skip(3).Take(3), window => Assert.InRange(window.Single(tag => tag.Tag == "outage").Activity.AverageSentiment, double.MinValue, -1));
        Assert.All(outputs, window => Assert.InRange(window.Single(tag => tag.Tag == "ember").Activity.AverageSentiment, 1, double.MaxValue));
    }

    [Fact]
    public void Score_SumsTheWordsOfTheShippedList_LeavingTagsAndMentionsOut()
    {
        Assert.Equal(6, Lexicon.Score("Loving the new #ember release, great docs!"));
        Assert.Equal(-3, Lexicon.Score("@bad_user this is BROKEN #fail #great"));
        Assert.Equal(0, Lexicon.Score("Reading about #spark this morning"));
    }

    [Fact]
    public void TryParse_FeedLine_ReadsUserTextAndDistinctTags()
    {
        var post = SocialPost.TryParse("2026-11-24T09:00:01Z @user042: #Kafka is down again #outage #kafka");

        Assert.Equal("user042", post!.User);
        Assert.Equal(["kafka", "outage"], post.Tags);
        Assert.Null(SocialPost.TryParse("no user here"));
    }
}

namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>
/// Generates a social feed about a few tech tags, batch by batch, reproducibly from a seed: each tag with its own
/// popularity and mood (#ember well liked, #outage mostly angry), and a burst of #outage posts during the batches of
/// the outage: the known answers. Accounts fall in three communities (user number modulo 3), each around a hub
/// account that its members mention (sometimes with a fellow member); during the outage, #outage posts mention
/// @status_page instead. Mentions are drawn from a random source of their own, so the posts' tags and words are the
/// same as without them.
/// </summary>
internal sealed class PostGenerator(int seed, int postsPerBatch, TimeSpan batchInterval, Range outage)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    // (tag, popularity, chance a post is positive, chance it is negative): the rest are neutral.
    private static readonly (string Tag, int Weight, double Positive, double Negative)[] Tags =
    [
        ("ember", 30, 0.7, 0.1), ("dotnet", 40, 0.5, 0.2), ("spark", 25, 0.4, 0.3), ("kafka", 20, 0.4, 0.3),
        ("streaming", 15, 0.4, 0.2), ("outage", 2, 0.05, 0.85),
    ];

    private static readonly string[] Positive =
    [
        "Loving the new {0} release, great docs!", "{0} just works, awesome performance", "Really happy with {0} today, thanks team",
        "Impressed by how fast {0} is", "Would recommend {0}, smooth upgrade",
    ];

    private static readonly string[] Negative =
    [
        "{0} is broken again, terrible experience", "Frustrated: {0} keeps failing", "Worst deploy ever with {0}, so slow",
        "Another crash with {0}, disappointed", "{0} down for an hour, lost all my work",
    ];

    private static readonly string[] Neutral =
    [
        "Reading about {0} this morning", "Anyone using {0} in production?", "Meetup tonight: {0} internals", "Migrating our pipeline to {0}",
    ];

    private static readonly string[] Hubs = ["ember_team", "dotnet_news", "streaming_daily"];

    public bool IsOutage(int batch) => batch >= outage.Start.Value && batch < outage.End.Value;

    public IEnumerable<string> Batch(int batch)
    {
        var random = BatchRandom.For(seed, batch);
        var mentions = BatchRandom.For(~seed, batch);
        var weights = Tags.Select(tag => tag.Tag == "outage" && IsOutage(batch) ? 300 : tag.Weight).ToArray();
        for (var i = 0; i < postsPerBatch; i++)
        {
            var main = Tags[WeightedChoice.Index(random, weights)];
            var draw = random.NextDouble();
            var templates = draw < main.Positive ? Positive : draw < main.Positive + main.Negative ? Negative : Neutral;
            var text = string.Format(System.Globalization.CultureInfo.InvariantCulture, templates[random.Next(templates.Length)], "#" + main.Tag);
            if (random.Next(4) == 0)
            {
                text += " #" + Tags[WeightedChoice.Index(random, weights)].Tag;
            }
            var time = Start + batchInterval * batch + batchInterval * i / postsPerBatch;
            var user = random.Next(1, 500);
            yield return new SocialPost(time, $"user{user:D3}", text + Mentioned(mentions, user, IsOutage(batch) && main.Tag == "outage")).ToString();
        }
    }

    // A third of the posts mention their community's hub, a third of those also a fellow member; #outage posts during the outage mention the status page.
    private static string Mentioned(Random mentions, int user, bool outagePost)
    {
        if (outagePost)
            return mentions.Next(2) == 0 ? " @status_page" : "";
        if (mentions.Next(3) != 0)
            return "";
        var community = user % 3;
        var hub = " @" + Hubs[community];
        return mentions.Next(3) == 0 ? $" @user{3 * mentions.Next(1, 166) + community:D3}{hub}" : hub;
    }
}

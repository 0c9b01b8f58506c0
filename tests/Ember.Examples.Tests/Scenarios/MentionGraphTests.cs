using Ember.Examples.Scenarios.SocialMedia;
using Ember.Streaming.Testing;

namespace Ember.Examples.Tests.Scenarios;

/// <summary>The socialmedia scenario's mention graph, on generated posts whose mentions are known, on a fake clock.</summary>
public sealed class MentionGraphTests
{
    // As SocialMediaTests: batches of 1 s, a window of 4 batches sliding by 2, the outage in batches 6 to 9.
    private static readonly SocialMediaOptions Options = new() { Window = TimeSpan.FromSeconds(4), Slide = TimeSpan.FromSeconds(2), Outage = 6..10 };

    private static readonly IReadOnlyList<IReadOnlyList<string>> Lines =
        [.. Enumerable.Range(0, 16).Select(batch => new PostGenerator(seed: 4, postsPerBatch: 150, TimeSpan.FromSeconds(1), Options.Outage).Batch(batch).ToList())];

    [Fact]
    public async Task Define_EachSlide_TopAccountsAndCommunitiesOfTheWindowsMentions()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => MentionGraph.Define(lines, Options), Lines.Count);

        var expected = Windows.Of(Lines, window: 4, slide: 2).Select(w => Reference(w.Records.Select(line => SocialPost.TryParse(line)!)
            .SelectMany(post => post.Mentions.Select(mentioned => (post.User, mentioned))).ToList(), Options.Top));
        Assert.Equal(expected, outputs.Select(batch => Assert.Single(batch)));
    }

    [Fact]
    public async Task Define_DuringTheOutage_StatusPageLeadsAndCommunitiesMergeIntoOne()
    {
        var outputs = await StreamingTest.RunAsync(Lines, lines => MentionGraph.Define(lines, Options), Lines.Count);

        // Windows end at batches 1, 3, ..., 15; those ending at 7, 9 and 11 hold outage batches, where every community
        // mentions @status_page; the others hold the three hub-centred communities apart.
        var reports = outputs.Select(batch => batch.Single()).ToList();
        Assert.Equal([3, 3, 3, 1, 1, 1, 3, 3], reports.Select(r => int.Parse(r.Split("; ")[1].Split(' ')[0])));
        Assert.Equal([false, false, false, true, true, true, false, false], reports.Select(r => r.StartsWith("@status_page ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Report_HandWorkedGraph_RanksSumToAccountsAndTiesByName()
    {
        // a -> hub, b -> hub, c -> d. Ranks before rescaling: a, b, c 0.15; hub 0.15 + 0.85 * 0.3 = 0.405; d 0.2775;
        // rescaled to sum to 5: hub 1.788, d 1.225, a = b = c 0.662 (a first by name).
        var mentions = new[] { ("a", "hub"), ("b", "hub"), ("c", "d") };
        var outputs = await StreamingTest.RunAsync([mentions.Select(m => $"2026-11-24T09:00:00Z @{m.Item1}: hello @{m.Item2}")],
            lines => MentionGraph.Define(lines, new SocialMediaOptions { Window = TimeSpan.FromSeconds(1), Slide = TimeSpan.FromSeconds(1), Top = 3 }), 1);

        Assert.Equal("@hub 1.79  @d 1.23  @a 0.66; 2 communities among 5 accounts", Assert.Single(Assert.Single(outputs)));
    }

    [Fact]
    public void Mentions_FeedLine_DistinctAccountsWithoutAuthorOrEmailAddresses()
    {
        var post = SocialPost.TryParse("2026-11-24T09:00:01Z @user042: hi @ember_team and @bob, @ember_team again @user042, mail me at x@y.org");

        Assert.Equal(["ember_team", "bob"], post!.Mentions);
    }

    // The report from the definitions: 10 PageRank iterations on arrays (GraphX's formula, rescaled to sum to N), components by union-find.
    private static string Reference(IReadOnlyList<(string From, string To)> mentions, int top)
    {
        var accounts = mentions.SelectMany(m => new[] { m.From, m.To }).Distinct().ToList();
        var index = accounts.Select((a, i) => (a, i)).ToDictionary(x => x.a, x => x.i);
        var outDegree = new int[accounts.Count];
        foreach (var m in mentions)
            outDegree[index[m.From]]++;
        var pr = accounts.Select(_ => 1.0).ToArray();
        for (var iter = 0; iter < 10; iter++)
        {
            var next = accounts.Select(_ => 0.15).ToArray();
            foreach (var m in mentions)
                next[index[m.To]] += 0.85 * pr[index[m.From]] / outDegree[index[m.From]];
            pr = next;
        }
        var scale = accounts.Count / pr.Sum();

        var parent = Enumerable.Range(0, accounts.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        foreach (var m in mentions)
            parent[Find(index[m.From])] = Find(index[m.To]);
        var communities = Enumerable.Range(0, accounts.Count).Select(Find).Distinct().Count();

        var topAccounts = accounts.Select(a => (Account: a, Rank: pr[index[a]] * scale))
            .OrderByDescending(a => a.Rank).ThenBy(a => a.Account, StringComparer.Ordinal).Take(top);
        return MentionGraph.Format(topAccounts, communities, accounts.Count);
    }
}

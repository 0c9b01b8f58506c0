using System.Globalization;
using Ember.Graph;
using Ember.Streaming;

namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>
/// The socialmedia scenario's mention graph: over each window, accounts are vertices and every <c>@mention</c> is an
/// edge from the author to the account mentioned; every slide, the accounts that matter most (PageRank) and the
/// number of communities (connected components).
/// </summary>
/// <remarks>
/// Communities are connected components rather than label propagation: the mention graph is made of stars (members
/// around a hub), which are bipartite, and synchronous label propagation swaps labels across a bipartite graph for
/// ever; connected components always converge, to a count that does not depend on an iteration budget or tie rule.
/// </remarks>
internal static class MentionGraph
{
    // Hub-and-member graphs have paths of at most a few hops, so static PageRank has converged well before this.
    private const int PageRankIterations = 10;

    /// <summary>Every slide, the report line of the window's mention graph (built and analysed inside <c>Transform</c>).</summary>
    public static DStream<string> Define(DStream<string> lines, SocialMediaOptions options) =>
        lines.Map(SocialPost.TryParse)
            .Filter(post => post is not null)
            .FlatMap(post => post!.Mentions.Select(mentioned => (From: post.User, To: mentioned)))
            .Window(options.Window, options.Slide)
            .Transform(mentions => mentions.Context.Parallelize([Report(mentions, options.Top)], 1));

    /// <summary>
    /// <c>@account rank  ...; N communities among M accounts</c>: the <paramref name="top"/> accounts by PageRank (ranks
    /// sum to the number of accounts; ties by name), the number of connected components, the number of accounts.
    /// </summary>
    public static string Report(Rdd<(string From, string To)> mentions, int top)
    {
        // GraphX idiom: vertex ids from the names (a 64-bit hash: collisions are negligible at these sizes), the name as attribute.
        var accounts = mentions.FlatMap(m => new[] { (AccountId(m.From), m.From), (AccountId(m.To), m.To) }).Distinct();
        var edges = mentions.Map(m => new Edge<int>(AccountId(m.From), AccountId(m.To), 1));
        var graph = Ember.Graph.Graph.Create(accounts, edges, "").Cache();

        var ranks = graph.StaticPageRank(PageRankIterations).Vertices;
        var topAccounts = graph.Vertices.Join(ranks).Map(v => (Account: v.Value.Left, Rank: v.Value.Right)).Collect()
            .OrderByDescending(v => v.Rank).ThenBy(v => v.Account, StringComparer.Ordinal).Take(top);
        var communities = graph.ConnectedComponents().Vertices.Map(v => v.Attr).Distinct().Count();
        var accountCount = graph.NumVertices;
        graph.Unpersist();

        return Format(topAccounts, communities, accountCount);
    }

    /// <summary>The report line, as the console shows it.</summary>
    public static string Format(IEnumerable<(string Account, double Rank)> topAccounts, long communities, long accounts) =>
        string.Join("  ", topAccounts.Select(a => string.Create(CultureInfo.InvariantCulture, $"@{a.Account} {a.Rank:0.00}")))
        + string.Create(CultureInfo.InvariantCulture, $"; {communities} {(communities == 1 ? "community" : "communities")} among {accounts} accounts");

    /// <summary>FNV-1a over the name's UTF-16 code units: the same id in every process (unlike string.GetHashCode).</summary>
    internal static long AccountId(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
            hash = (hash ^ c) * 1099511628211UL;
        return unchecked((long)hash);
    }
}

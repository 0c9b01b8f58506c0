using Xunit.Abstractions;

namespace Ember.Graph.Tests.Algorithms;

/// <summary>
/// The GraphX programming guide's examples (PageRank, connected components, triangle counting on its users.txt and
/// followers.txt), ported line by line, with what GraphX's definitions give.
/// </summary>
public class GraphXGuideAlgorithmTests(ITestOutputHelper output) : AlgorithmTestContext
{
    private static readonly string Followers = Path.Combine(AppContext.BaseDirectory, "data", "followers.txt");
    private static readonly string Users = Path.Combine(AppContext.BaseDirectory, "data", "users.txt");

    [Fact]
    public void PageRank_FollowersGraph_RanksAsGraphXDefinitionJoinedToUsernames()
    {
        // Load the edges as a graph
        var graph = GraphLoader.EdgeListFile(Context, Followers);
        // Run PageRank
        var ranks = graph.PageRank(0.0001).Vertices;
        // Join the ranks with the usernames
        var users = Context.TextFile(Users).Map(line =>
        {
            var fields = line.Split(',');
            return (long.Parse(fields[0]), fields[1]);
        });
        var ranksByUsername = users.Join(ranks).Map(x => (Username: x.Value.Left, Rank: x.Value.Right));
        // Print the result
        output.WriteLine(string.Join("\n", ranksByUsername.Collect()));

        var ids = new long[] { 1, 2, 3, 4, 6, 7 };
        var edges = new[] { (2L, 1L), (4L, 1L), (1L, 2L), (6L, 3L), (7L, 3L), (7L, 6L), (6L, 7L), (3L, 7L) };
        var expected = ReferenceAlgorithms.PageRank(ids, edges);
        var names = new Dictionary<long, string> { [1] = "BarackObama", [2] = "ladygaga", [3] = "jeresig", [4] = "justinbieber", [6] = "matei_zaharia", [7] = "odersky" };
        var actual = ranksByUsername.Collect().ToDictionary(x => x.Username, x => x.Rank);
        Assert.Equal(names.Values.Order(), actual.Keys.Order());
        Assert.All(names, kv => Assert.Equal(expected[kv.Key], actual[kv.Value], 1e-3));
        // justinbieber has no followers: only the reset mass, rescaled
        Assert.Equal(actual.Values.Min(), actual["justinbieber"]);
    }

    [Fact]
    public void ConnectedComponents_FollowersGraph_TwoCommunitiesBySmallestId()
    {
        // Load the graph as in the PageRank example
        var graph = GraphLoader.EdgeListFile(Context, Followers);
        // Find the connected components
        var cc = graph.ConnectedComponents().Vertices;
        // Join the connected components with the usernames
        var users = Context.TextFile(Users).Map(line =>
        {
            var fields = line.Split(',');
            return (long.Parse(fields[0]), fields[1]);
        });
        var ccByUsername = users.Join(cc).Map(x => (Username: x.Value.Left, Cc: x.Value.Right));
        // Print the result
        output.WriteLine(string.Join("\n", ccByUsername.Collect()));

        var expected = new Dictionary<string, long>
        {
            ["BarackObama"] = 1, ["ladygaga"] = 1, ["justinbieber"] = 1, ["jeresig"] = 3, ["matei_zaharia"] = 3, ["odersky"] = 3,
        };
        Assert.Equal(expected, ccByUsername.Collect().ToDictionary(x => x.Username, x => x.Cc));
    }

    [Fact]
    public void TriangleCount_FollowersGraph_OneTriangleAmongJeresigMateiOdersky()
    {
        // Load the edges in canonical order and partition the graph for triangle count
        var graph = GraphLoader.EdgeListFile(Context, Followers, true)
            .PartitionBy(PartitionStrategy.RandomVertexCut);
        // Find the triangle count for each vertex
        var triCounts = graph.TriangleCount().Vertices;
        // Join the triangle counts with the usernames
        var users = Context.TextFile(Users).Map(line =>
        {
            var fields = line.Split(',');
            return (long.Parse(fields[0]), fields[1]);
        });
        var triCountByUsername = users.Join(triCounts).Map(x => (Username: x.Value.Left, Tc: x.Value.Right));
        // Print the result
        output.WriteLine(string.Join("\n", triCountByUsername.Collect()));

        var expected = new Dictionary<string, int>
        {
            ["BarackObama"] = 0, ["ladygaga"] = 0, ["justinbieber"] = 0, ["jeresig"] = 1, ["matei_zaharia"] = 1, ["odersky"] = 1,
        };
        Assert.Equal(expected, triCountByUsername.Collect().ToDictionary(x => x.Username, x => x.Tc));
    }
}

namespace Ember.Graph.Tests;

/// <summary>The GraphX programming guide's examples, ported line by line (the algorithm parts are in the algorithm tests).</summary>
public sealed class ProgrammingGuideTests : GraphTests
{
    [Fact]
    public void PropertyGraph_UsersAndRelationships_CountsAndFacts()
    {
        var sc = Context;
        // Create an RDD for the vertices
        Rdd<(long, (string, string))> users = sc.Parallelize(new (long, (string, string))[] {
            (3L, ("rxin", "student")), (7L, ("jgonzal", "postdoc")), (5L, ("franklin", "prof")), (2L, ("istoica", "prof")) });
        // Create an RDD for edges
        Rdd<Edge<string>> relationships = sc.Parallelize(new[] {
            new Edge<string>(3L, 7L, "collab"), new Edge<string>(5L, 3L, "advisor"), new Edge<string>(2L, 5L, "colleague"), new Edge<string>(5L, 7L, "pi") });
        // Define a default user in case there are relationship with missing user
        var defaultUser = ("John Doe", "Missing");
        // Build the initial Graph
        var graph = Graph.Create(users, relationships, defaultUser);

        // Count all users which are postdocs
        var postdocs = graph.Vertices.Filter(v => v.Attr.Item2 == "postdoc").Count();
        // Count all the edges where src > dst
        var backwards = graph.Edges.Filter(e => e.SrcId > e.DstId).Count();
        // Use the triplets view to create an RDD of facts.
        Rdd<string> facts = graph.Triplets.Map(triplet => triplet.SrcAttr.Item1 + " is the " + triplet.Attr + " of " + triplet.DstAttr.Item1);
        var inDegrees = graph.InDegrees;

        Assert.Equal(1, postdocs);
        Assert.Equal(1, backwards);
        Assert.Equal(new[] { "franklin is the advisor of rxin", "franklin is the pi of jgonzal", "istoica is the colleague of franklin", "rxin is the collab of jgonzal" },
            facts.Collect().Order(StringComparer.Ordinal));
        Assert.Equal(new (long, int)[] { (3, 1), (5, 1), (7, 2) }, inDegrees.Collect().Order());
    }

    [Fact]
    public void Subgraph_RemovesMissingVerticesAndTheirEdges()
    {
        var sc = Context;
        Rdd<(long, (string, string))> users = sc.Parallelize(new (long, (string, string))[] {
            (3L, ("rxin", "student")), (7L, ("jgonzal", "postdoc")), (5L, ("franklin", "prof")), (2L, ("istoica", "prof")), (4L, ("peter", "student")) });
        Rdd<Edge<string>> relationships = sc.Parallelize(new[] {
            new Edge<string>(3L, 7L, "collab"), new Edge<string>(5L, 3L, "advisor"), new Edge<string>(2L, 5L, "colleague"), new Edge<string>(5L, 7L, "pi"),
            new Edge<string>(4L, 0L, "student"), new Edge<string>(5L, 0L, "colleague") });
        var defaultUser = ("John Doe", "Missing");
        var graph = Graph.Create(users, relationships, defaultUser);
        // Notice that there is a user 0 (for which we have no information) connected to users 4 (peter) and 5 (franklin).
        var before = graph.Triplets.Map(triplet => triplet.SrcAttr.Item1 + " is the " + triplet.Attr + " of " + triplet.DstAttr.Item1).Collect();
        // Remove missing vertices as well as the edges to connected to them
        var validGraph = graph.Subgraph(vpred: (id, attr) => attr.Item2 != "Missing");
        // The valid subgraph will disconnect users 4 and 5 by removing user 0
        var vertices = validGraph.Vertices.Collect();
        var after = validGraph.Triplets.Map(triplet => triplet.SrcAttr.Item1 + " is the " + triplet.Attr + " of " + triplet.DstAttr.Item1).Collect();

        Assert.Contains("peter is the student of John Doe", before);
        Assert.Equal(new long[] { 2, 3, 4, 5, 7 }, vertices.Select(v => v.Id).Order());
        Assert.Equal(new[] { "franklin is the advisor of rxin", "franklin is the pi of jgonzal", "istoica is the colleague of franklin", "rxin is the collab of jgonzal" },
            after.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OuterJoinVertices_OutDegrees_DegreeGraph()
    {
        var graph = GraphLoader.EdgeListFile(Context, DataFile("followers.txt"));

        var outDegrees = graph.OutDegrees;
        var degreeGraph = graph.OuterJoinVertices(outDegrees, (id, oldAttr, outDegOpt) => outDegOpt.HasValue ? outDegOpt.Value : 0);

        Assert.Equal(new (long, int)[] { (1, 1), (2, 1), (3, 1), (4, 1), (6, 2), (7, 2) }, degreeGraph.Vertices.Collect().Order());
    }

    [Fact]
    public void AggregateMessages_AverageAgeOfOlderFollowers()
    {
        // The guide generates a log-normal graph; a seeded random one stands in, with each vertex's id as its age.
        var random = RandomGraph.Create(71, vertexCount: 50, edgeCount: 300);
        Graph<double, int> graph = random.ToGraph(Context).MapVertices((id, _) => (double)id);
        // Compute the number of older followers and their total age
        Rdd<(long, (int, double))> olderFollowers = graph.AggregateMessages<(int, double)>(
            triplet => { // Map Function
                if (triplet.SrcAttr > triplet.DstAttr)
                {
                    // Send message to destination vertex containing counter and age
                    triplet.SendToDst((1, triplet.SrcAttr));
                }
            },
            // Add counter and age
            (a, b) => (a.Item1 + b.Item1, a.Item2 + b.Item2)); // Reduce Function
        // Divide total age by number of older followers to get average age of older followers
        Rdd<(long, double)> avgAgeOfOlderFollowers = olderFollowers.MapValues(value => value.Item2 / value.Item1);

        var expected = random.Edges.Where(e => e.SrcId > e.DstId).GroupBy(e => e.DstId).Select(g => (g.Key, g.Average(e => (double)e.SrcId))).Order();
        Assert.Equal(expected, avgAgeOfOlderFollowers.Collect().Order());
    }

    [Fact]
    public void Pregel_SingleSourceShortestPath()
    {
        var random = RandomGraph.Create(72, vertexCount: 40, edgeCount: 150);
        // A graph with edge attributes containing distances
        Graph<long, double> graph = random.ToGraph(Context).MapVertices((_, attr) => (long)attr).MapEdges(e => (double)e.Attr);
        long sourceId = random.Vertices[3].Id; // The ultimate source
        // Initialize the graph such that all vertices except the root have distance infinity.
        var initialGraph = graph.MapVertices((id, _) => id == sourceId ? 0.0 : double.PositiveInfinity);
        var sssp = initialGraph.Pregel(double.PositiveInfinity, int.MaxValue, EdgeDirection.Out,
            (id, dist, newDist) => Math.Min(dist, newDist), // Vertex Program
            triplet => // Send Message
                triplet.SrcAttr + triplet.Attr < triplet.DstAttr ? [(triplet.DstId, triplet.SrcAttr + triplet.Attr)] : [],
            (a, b) => Math.Min(a, b)); // Merge Message

        Assert.Equal(Dijkstra(random, sourceId).Order(), sssp.Vertices.Collect().Order());
    }

    [Fact]
    public void Example_UsersAndFollowers_JoinedAndRestrictedToUsersWithNames()
    {
        var sc = Context;
        // Load my user data and parse into tuples of user id and attribute list
        var users = sc.TextFile(DataFile("users.txt")).Map(line => line.Split(',')).Map(parts => (long.Parse(parts[0]), parts[1..]));
        // Parse the edge data which is already in userId -> userId format
        var followerGraph = GraphLoader.EdgeListFile(sc, DataFile("followers.txt"));
        // Attach the user attributes
        var graph = followerGraph.OuterJoinVertices(users, (uid, deg, attrList) => attrList.HasValue ? attrList.Value : []);
        // Restrict the graph to users with usernames and names
        var subgraph = graph.Subgraph(vpred: (vid, attr) => attr.Length == 2);

        Assert.Equal(new[] { "1 BarackObama", "2 ladygaga", "3 jeresig", "4 justinbieber", "6 matei_zaharia", "7 odersky" },
            subgraph.Vertices.Collect().Select(v => $"{v.Id} {v.Attr[0]}").Order(StringComparer.Ordinal));
        Assert.Equal(8, subgraph.NumEdges);
    }

    private static string DataFile(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    private static IEnumerable<(long, double)> Dijkstra(RandomGraph graph, long source)
    {
        var distance = graph.Vertices.ToDictionary(v => v.Id, _ => double.PositiveInfinity);
        distance[source] = 0;
        var done = new HashSet<long>();
        while (distance.Where(d => !done.Contains(d.Key) && !double.IsPositiveInfinity(d.Value)).OrderBy(d => d.Value).Select(d => (long?)d.Key).FirstOrDefault() is { } next)
        {
            done.Add(next);
            foreach (var edge in graph.Edges.Where(e => e.SrcId == next))
            {
                distance[edge.DstId] = Math.Min(distance[edge.DstId], distance[next] + edge.Attr);
            }
        }
        return distance.Select(d => (d.Key, d.Value));
    }
}

namespace Ember.Graph.Tests;

public sealed class GraphLoaderTests : GraphTests
{
    private readonly string directory = Directory.CreateTempSubdirectory("ember-graph-loader-").FullName;

    [Fact]
    public void EdgeListFile_CommentsBlankLinesAndExtraFields_ReadsTheEdges()
    {
        var path = Write("edges.txt", "# a comment\n1 2\n\n   \n2\t3 extra fields\n  # indented comment\n3 1\n-4 5\n");

        var graph = GraphLoader.EdgeListFile(Context, path);

        Assert.Equal(new[] { new Edge<int>(-4, 5, 1), new Edge<int>(1, 2, 1), new Edge<int>(2, 3, 1), new Edge<int>(3, 1, 1) }, Sorted(graph.Edges.Collect()));
        Assert.Equal(new (long, int)[] { (-4, 1), (1, 1), (2, 1), (3, 1), (5, 1) }, graph.Vertices.Collect().Order());
    }

    [Fact]
    public void EdgeListFile_CanonicalOrientation_PointsEveryEdgeFromTheSmallerId()
    {
        var path = Write("edges.txt", "2 1\n1 2\n5 3\n");

        var graph = GraphLoader.EdgeListFile(Context, path, canonicalOrientation: true, numEdgePartitions: 2);

        Assert.Equal(new[] { new Edge<int>(1, 2, 1), new Edge<int>(1, 2, 1), new Edge<int>(3, 5, 1) }, Sorted(graph.Edges.Collect()));
        Assert.InRange(graph.Edges.Partitions.Count, 1, 2);
    }

    [Fact]
    public void EdgeListFile_BadLine_FailsNamingFileLineNumberAndText()
    {
        var path = Write("bad.txt", "# header\n1 2\n\n2 x3\n3 4\n");

        var error = Assert.ThrowsAny<Exception>(() => GraphLoader.EdgeListFile(Context, path).NumEdges);

        var format = FindFormatException(error);
        Assert.Contains(path, format.Message);
        Assert.Contains("line 4", format.Message);
        Assert.Contains("'2 x3'", format.Message);
    }

    [Fact]
    public void EdgeListFile_MissingPath_ThrowsNow()
    {
        Assert.Throws<FileNotFoundException>(() => GraphLoader.EdgeListFile(Context, Path.Combine(directory, "absent.txt")));
    }

    private static FormatException FindFormatException(Exception error)
    {
        for (Exception? current = error; current is not null; current = current.InnerException)
        {
            if (current is FormatException format)
            {
                return format;
            }
        }
        throw new Xunit.Sdk.XunitException($"No FormatException in {error}");
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }
}

using System.Globalization;
using Ember.Graph.Impl;

namespace Ember.Graph;

/// <summary>Loads graphs from files (GraphX's GraphLoader).</summary>
public static class GraphLoader
{
    private static readonly char[] Whitespace = [' ', '\t'];

    /// <summary>
    /// A graph from an edge-list file, or a directory of them (GraphX's edgeListFile): one edge per line as two vertex ids
    /// separated by whitespace (<c>src dst</c>, further fields ignored); lines starting with <c>#</c> and blank lines are
    /// skipped. Every edge and vertex gets attribute 1. With <paramref name="canonicalOrientation"/>, an edge whose
    /// source id is greater than its destination id is turned around (as some algorithms, such as TriangleCount in old
    /// GraphX versions, require). <paramref name="numEdgePartitions"/> &gt; 0 asks for that many edge partitions (as GraphX:
    /// the file is read in that many splits, then coalesced, so a small file may give fewer); else as the file's text partitions. Lazy (GraphX's reads now): the first action reads the edges and keeps them in memory.
    /// </summary>
    /// <exception cref="FileNotFoundException">The path does not exist (thrown now).</exception>
    /// <exception cref="FormatException">
    /// When an action reads the file (wrapped in the job's failure): a line that is not two integer ids, naming the file,
    /// the line number and the line.
    /// </exception>
    public static Graph<int, int> EdgeListFile(EmberContext context, string path, bool canonicalOrientation = false, int numEdgePartitions = -1)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var lines = numEdgePartitions > 0 ? context.TextFile(path, numEdgePartitions).Coalesce(numEdgePartitions) : context.TextFile(path);
        var edges = lines.MapPartitions(items => GraphBuilder.Single(EdgePartition<int>.Build(ParseEdges(items, path, canonicalOrientation).ToList())));
        return GraphBuilder.Build(context.EmptyRdd<(long Id, int Attr)>(), edges, 1,
            new Ember.Partitioning.HashPartitioner(Math.Max(1, edges.Partitions.Count)));
    }

    private static IEnumerable<Edge<int>> ParseEdges(IEnumerable<string> lines, string path, bool canonicalOrientation)
    {
        foreach (var line in lines)
        {
            if (TryParse(line, out var src, out var dst, out var skip))
            {
                yield return canonicalOrientation && src > dst ? new Edge<int>(dst, src, 1) : new Edge<int>(src, dst, 1);
            }
            else if (!skip)
            {
                throw BadLine(path);
            }
        }
    }

    /// <summary>True with the ids for an edge line; false with <paramref name="skip"/> for a comment or blank line, without it for a bad line.</summary>
    private static bool TryParse(string line, out long src, out long dst, out bool skip)
    {
        src = dst = 0;
        var trimmed = line.AsSpan().Trim();
        skip = trimmed.IsEmpty || trimmed[0] == '#';
        if (skip)
        {
            return false;
        }
        var fields = line.Split(Whitespace, 3, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2
            && long.TryParse(fields[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out src)
            && long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out dst);
    }

    /// <summary>
    /// The error for the first bad line of the input. A task knows its lines but not their numbers (its split starts at
    /// a byte offset), so the failing path reads the files again from the start to name the first line that does not
    /// parse: the one this task hit, or an earlier one that another task is failing on.
    /// </summary>
    private static FormatException BadLine(string path)
    {
        var files = File.Exists(path)
            ? [path]
            : Directory.EnumerateFiles(path).Where(file => Path.GetFileName(file) is var name && name[0] != '.' && name[0] != '_').Order(StringComparer.Ordinal).ToList();
        foreach (var file in files)
        {
            var number = 0;
            foreach (var line in File.ReadLines(file))
            {
                number++;
                if (!TryParse(line, out _, out _, out var skip) && !skip)
                {
                    return new FormatException($"Invalid edge line in {file} at line {number}: '{line}' (expected 'srcId dstId', integer ids separated by whitespace).");
                }
            }
        }
        return new FormatException($"Invalid edge line in {path}.");
    }
}

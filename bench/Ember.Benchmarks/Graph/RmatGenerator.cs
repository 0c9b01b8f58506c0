namespace Ember.Benchmarks.Graph;

/// <summary>
/// GraphX's <c>GraphGenerators.rmatGraph</c> (Chakrabarti, Zhan and Faloutsos' R-MAT), seeded: distinct directed edges
/// on 2^k vertices, each placed by descending into one of four quadrants with probabilities 0.45, 0.15, 0.15, 0.25,
/// which gives the skewed (power-law-like) degrees of real networks, many sinks included.
/// </summary>
internal static class RmatGenerator
{
    private const double A = 0.45, B = 0.15, C = 0.15;

    public static (int Src, int Dst)[] Edges(int requestedVertices, int edges, int seed)
    {
        var numVertices = 1 << (int)Math.Ceiling(Math.Log2(requestedVertices));
        if ((long)numVertices * numVertices < edges)
            throw new ArgumentOutOfRangeException(nameof(edges), edges, $"More edges than the {numVertices} vertices can hold.");
        var random = new Random(seed);
        var seen = new HashSet<long>(edges);
        var result = new (int, int)[edges];
        var count = 0;
        while (count < edges)
        {
            var (x, y) = ChooseCell(random, numVertices);
            if (seen.Add(((long)x * numVertices) + y))
                result[count++] = (x, y);
        }
        return result;
    }

    // GraphX's chooseCell, as a loop: halve the square and pick a quadrant until one cell is left.
    private static (int X, int Y) ChooseCell(Random random, int t)
    {
        var (x, y) = (0, 0);
        while (t > 1)
        {
            t = (int)Math.Round(t / 2.0);
            var p = random.NextDouble();
            if (p < A)
                continue;
            if (p < A + B)
                x += t;
            else if (p < A + B + C)
                y += t;
            else
            {
                x += t;
                y += t;
            }
        }
        return (x, y);
    }
}

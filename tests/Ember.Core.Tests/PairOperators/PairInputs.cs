using Ember.Dependencies;

namespace Ember.Tests.PairOperators;

/// <summary>
/// Seeded key-value inputs in the shapes that break pair operators (nothing at all, one partition, more partitions
/// than records, one hot key, null keys and values), plus the assertions the pair-operator tests share.
/// </summary>
public static class PairInputs
{
    public const int HotIntKey = 7;
    public const string HotStringKey = "hot";

    public enum Shape
    {
        Empty,
        OnePartition,
        MorePartitionsThanItems,
        SkewedKeys,
        Uniform,
    }

    public static TheoryData<Shape> Shapes => new(Enum.GetValues<Shape>());

    /// <summary>Varies the worker count with the shape, so every operator also runs on one and on four threads.</summary>
    public static string Master(Shape shape) => shape switch
    {
        Shape.OnePartition or Shape.Empty => "local[1]",
        Shape.SkewedKeys => "local[4]",
        _ => "local[2]",
    };

    public static int Partitions(Shape shape) => shape switch
    {
        Shape.Empty => 3,
        Shape.OnePartition => 1,
        Shape.MorePartitionsThanItems => 8,
        Shape.SkewedKeys => 4,
        _ => 5,
    };

    /// <summary>Int keys in [-20, 20) (negative ones included) and values in [-50, 50), so 0 occurs as a value.</summary>
    public static (int Key, int Value)[] Ints(Shape shape, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Count(shape)).Select(_ => (IntKey(random, shape), random.Next(-50, 50)))];
    }

    /// <summary>String keys <c>k0</c>..<c>k14</c> with about 10% <c>null</c> keys and 10% <c>null</c> values.</summary>
    public static (string? Key, string? Value)[] Strings(Shape shape, int seed = 1)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, Count(shape)).Select(_ => (StringKey(random, shape), random.NextDouble() < 0.1 ? null : $"v{random.Next(30)}"))];
    }

    /// <summary>The records in as many partitions as <paramref name="shape"/> calls for.</summary>
    public static Rdd<(TKey Key, TValue Value)> Distribute<TKey, TValue>(EmberContext context, (TKey Key, TValue Value)[] records, Shape shape) =>
        context.Parallelize(records, Partitions(shape));

    /// <summary>The values of a group as one order-independent string, so that lists compare as multisets.</summary>
    public static string Bag<T>(IEnumerable<T> values) =>
        string.Join("|", values.Select(value => value?.ToString() ?? "<null>").Order(StringComparer.Ordinal));

    /// <summary>Fails unless both sequences hold the same items the same number of times, in any order.</summary>
    public static void AssertSameMultiset<T>(IEnumerable<T> expected, IEnumerable<T> actual)
    {
        var (missing, unexpected) = Differences(expected, actual);
        if (missing.Count + unexpected.Count > 0)
        {
            Assert.Fail($"Multisets differ. Missing: [{string.Join(", ", missing.Take(20))}]; unexpected: [{string.Join(", ", unexpected.Take(20))}].");
        }
    }

    /// <summary>Whether both sequences hold the same items the same number of times, in any order.</summary>
    public static bool SameMultiset<T>(IEnumerable<T> expected, IEnumerable<T> actual) =>
        Differences(expected, actual) is { Missing.Count: 0, Unexpected.Count: 0 };

    /// <summary>Each partition's records, by partition index.</summary>
    public static IReadOnlyList<T[]> RecordsByPartition<T>(Rdd<T> rdd) => rdd.Glom().Collect();

    /// <summary>
    /// The shuffle dependencies on the lineage from <paramref name="rdd"/> back to (not beyond) any of
    /// <paramref name="ancestors"/>.
    /// </summary>
    public static IReadOnlyList<ShuffleDependency> ShufflesSince(Rdd rdd, params Rdd[] ancestors)
    {
        var found = new List<ShuffleDependency>();
        var pending = new Stack<Rdd>([rdd]);
        var visited = new HashSet<int>(ancestors.Select(ancestor => ancestor.Id));
        while (pending.TryPop(out var current))
        {
            if (!visited.Add(current.Id))
            {
                continue;
            }
            foreach (var dependency in current.Dependencies)
            {
                if (dependency is ShuffleDependency shuffle)
                {
                    found.Add(shuffle);
                }
                pending.Push(dependency.Parent);
            }
        }
        return found;
    }

    private static (List<string> Missing, List<string> Unexpected) Differences<T>(IEnumerable<T> expected, IEnumerable<T> actual)
    {
        // ValueTuple<T> wraps each item so that a null item (or a tuple holding nulls) can be a dictionary key.
        var balance = new Dictionary<ValueTuple<T>, int>();
        foreach (var item in expected)
        {
            balance[new(item)] = balance.GetValueOrDefault(new(item)) + 1;
        }
        foreach (var item in actual)
        {
            balance[new(item)] = balance.GetValueOrDefault(new(item)) - 1;
        }
        return (
            [.. balance.Where(pair => pair.Value > 0).Select(pair => $"{Shorten(pair.Key.Item1)} x{pair.Value}")],
            [.. balance.Where(pair => pair.Value < 0).Select(pair => $"{Shorten(pair.Key.Item1)} x{-pair.Value}")]);
    }

    private static string Shorten<T>(T item) => item?.ToString() is { Length: > 120 } text ? $"{text[..117]}..." : item?.ToString() ?? "null";

    private static int Count(Shape shape) => shape switch
    {
        Shape.Empty => 0,
        Shape.MorePartitionsThanItems => 3,
        _ => 200,
    };

    private static int IntKey(Random random, Shape shape) =>
        shape == Shape.SkewedKeys && random.NextDouble() < 0.9 ? HotIntKey : random.Next(-20, 20);

    private static string? StringKey(Random random, Shape shape) =>
        shape == Shape.SkewedKeys && random.NextDouble() < 0.9 ? HotStringKey
        : random.NextDouble() < 0.1 ? null
        : $"k{random.Next(15)}";
}

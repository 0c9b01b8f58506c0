namespace Ember.Tests.Operators;

/// <summary>
/// Seeded random inputs and the partition shapes every operator is checked on: empty input, one partition, more
/// partitions than items, several partitions. Values come from small pools so duplicates (and nulls) are common.
/// </summary>
internal static class RandomInputs
{
    /// <summary>(item count, partition count) pairs covering the edge cases and a few ordinary shapes.</summary>
    public static TheoryData<int, int> Shapes => new()
    {
        { 0, 1 },
        { 0, 4 },
        { 1, 1 },
        { 9, 1 },
        { 3, 8 },
        { 5, 5 },
        { 40, 3 },
        { 257, 7 },
    };

    /// <summary>A context whose worker count varies with the shape, so some jobs run on one thread and some on four.</summary>
    public static EmberOptions Options(int partitions) =>
        new() { Master = partitions switch { 1 => "local[1]", < 5 => "local[2]", _ => "local[4]" } };

    /// <summary>A generator whose seed depends only on the shape, so a failure reproduces.</summary>
    public static Random For(int count, int partitions) => new(count * 7919 + partitions);

    /// <summary><paramref name="count"/> ints from a range small enough to repeat, negative ones included.</summary>
    public static int[] Ints(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next(-count / 2 - 3, count / 2 + 3))];

    /// <summary><paramref name="count"/> strings from a small pool that holds <c>null</c> and the empty string.</summary>
    public static string?[] Strings(Random random, int count)
    {
        string?[] pool = [null, "", "a", "b", "ab", "spark", "Spark", "ember", "héllo", "🔥"];
        return [.. Enumerable.Range(0, count).Select(_ => pool[random.Next(pool.Length)])];
    }

    /// <summary>Spark's slicing of Parallelize: partition i holds items [i*n/p, (i+1)*n/p).</summary>
    public static T[][] Slices<T>(IReadOnlyList<T> items, int partitions) =>
        [.. Enumerable.Range(0, partitions).Select(i =>
        {
            var start = (int)((long)i * items.Count / partitions);
            var end = (int)((long)(i + 1) * items.Count / partitions);
            return items.Skip(start).Take(end - start).ToArray();
        })];

    /// <summary>Sorts with nulls first, so multisets of nullable strings compare with <c>Assert.Equal</c>.</summary>
    public static IReadOnlyList<string?> Sorted(IEnumerable<string?> items) => [.. items.Order(StringComparer.Ordinal)];

    /// <summary>An FsCheck partition count mapped into [1, 16].</summary>
    public static int Partitions(FsCheck.PositiveInt partitions) => (partitions.Get - 1) % 16 + 1;
}

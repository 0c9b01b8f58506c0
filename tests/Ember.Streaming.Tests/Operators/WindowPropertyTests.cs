using Ember.Streaming.Testing;
using static Ember.Streaming.Tests.Operators.Batches;

namespace Ember.Streaming.Tests.Operators;

/// <summary>
/// Properties on seeded random inputs (each case runs several batches, so a handful of seeds): incremental windows
/// equal recomputed ones, and running state equals a fold over all the input so far.
/// </summary>
public class WindowPropertyTests : OperatorTests
{
    private const int Cases = 15;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, Cases)];

    private static readonly string[] Keys = ["a", "b", "c", "d", "e"];

    /// <summary>Random batches (some empty) of keys with positive values.</summary>
    private static (string Key, int Value)[][] RandomPairs(Random random, int batches) =>
        [.. Enumerable.Range(0, batches).Select(_ => Enumerable.Range(0, random.Next(0, 5))
            .Select(_ => (Keys[random.Next(Keys.Length)], random.Next(1, 10))).ToArray())];

    /// <summary>A window and a slide, in batches: slide ≤ window ≤ 4.</summary>
    private static (int Window, int Slide) RandomWindow(Random random)
    {
        var window = random.Next(1, 5);
        return (window, random.Next(1, window + 1));
    }

    /// <summary>The batches (0-based) in each window of the run, as Spark: a window every slide, covering (t - window, t].</summary>
    private static IEnumerable<IEnumerable<T>> Windows<T>(IReadOnlyList<IEnumerable<T>> input, int batches, int window, int slide) =>
        Enumerable.Range(1, batches / slide).Select(index => index * slide).Select(end =>
            Enumerable.Range(Math.Max(1, end - window + 1), Math.Min(end, window)).SelectMany(batch => batch <= input.Count ? input[batch - 1] : []));

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ReduceByKeyAndWindow_WithInverseAndFilter_EqualsWithoutInverseAndTheModel(int seed)
    {
        var random = new Random(seed);
        var batches = random.Next(5, 10);
        var input = RandomPairs(random, random.Next(1, batches + 1));
        var (window, slide) = RandomWindow(random);

        // Both forms in one run, told apart by a tag.
        var outputs = await StreamingTest.RunAsync(
            input,
            (DStream<(string Key, int Value)> s) =>
            {
                var plain = s.ReduceByKeyAndWindow((a, b) => a + b, Seconds(window), Seconds(slide));
                var inverse = s.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(window), Seconds(slide), filter: pair => pair.Value != 0);
                return plain.Map(pair => (Form: "plain", pair.Key, pair.Value)).Union(inverse.Map(pair => (Form: "inverse", pair.Key, pair.Value)));
            },
            batches, options: Options);

        var model = Windows(input, batches, window, slide)
            .Select(contents => contents.GroupBy(pair => pair.Key, pair => pair.Value).Select(group => (group.Key, group.Sum())))
            .Select(Format).ToList();
        var plainOutputs = outputs.Select(batch => Format(batch.Where(item => item.Form == "plain").Select(item => (item.Key, item.Value)))).ToList();
        var inverseOutputs = outputs.Select(batch => Format(batch.Where(item => item.Form == "inverse").Select(item => (item.Key, item.Value)))).ToList();
        Assert.Equal(model, plainOutputs);
        Assert.Equal(plainOutputs, inverseOutputs);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task ReduceByKeyAndWindow_WithInverseWithoutFilter_EqualsModelPlusZerosForKeysSeenBefore(int seed)
    {
        var random = new Random(seed);
        var batches = random.Next(5, 10);
        var input = RandomPairs(random, random.Next(1, batches + 1));
        var (window, slide) = RandomWindow(random);

        var outputs = await StreamingTest.RunAsync(
            input, (DStream<(string Key, int Value)> s) => s.ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, Seconds(window), Seconds(slide)), batches, options: Options);

        // A key stays, with 0, from the first window it appears in.
        var seen = new HashSet<string>();
        var model = Windows(input, batches, window, slide).Select(contents =>
        {
            var sums = contents.GroupBy(pair => pair.Key, pair => pair.Value).ToDictionary(group => group.Key, group => group.Sum());
            seen.UnionWith(sums.Keys);
            return Format(seen.Select(key => (key, sums.GetValueOrDefault(key))));
        }).ToList();
        Assert.Equal(model, outputs.Select(Format).ToList());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task UpdateStateByKey_Sum_AfterEachBatchEqualsFoldOfAllInputSoFar(int seed)
    {
        var random = new Random(seed);
        var batches = random.Next(3, 11);
        var input = RandomPairs(random, random.Next(1, batches + 1));
        var partitions = random.Next(1, 5);

        var outputs = await StreamingTest.RunAsync(
            input,
            (DStream<(string Key, int Value)> s) => s.UpdateStateByKey(
                (IReadOnlyList<int> values, Option<int> state) => Option.Some(state.GetValueOrDefault(0) + values.Sum()), partitions),
            batches, options: Options);

        var model = Enumerable.Range(1, batches).Select(count => Format(input.Take(count).SelectMany(batch => batch)
            .GroupBy(pair => pair.Key, pair => pair.Value).Select(group => (group.Key, group.Sum())))).ToList();
        Assert.Equal(model, outputs.Select(batch => Format(batch.Select(pair => (pair.Key, pair.Value)))).ToList());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task CountByValueAndWindow_RandomInput_EqualsCountingTheWindowsBatches(int seed)
    {
        var random = new Random(seed);
        var batches = random.Next(5, 10);
        string[] values = ["w", "x", "y", "z"];
        string[][] input = [.. Enumerable.Range(0, random.Next(1, batches + 1))
            .Select(_ => Enumerable.Range(0, random.Next(0, 6)).Select(_ => values[random.Next(values.Length)]).ToArray())];
        var (window, slide) = RandomWindow(random);

        var outputs = await StreamingTest.RunAsync(
            input, (DStream<string> s) => s.CountByValueAndWindow(Seconds(window), Seconds(slide)), batches, options: Options);

        var model = Windows(input, batches, window, slide)
            .Select(contents => Format(contents.GroupBy(value => value).Select(group => (group.Key, group.LongCount()))))
            .ToList();
        Assert.Equal(model, outputs.Select(batch => Format(batch.Select(pair => (pair.Key, pair.Value)))).ToList());
    }
}

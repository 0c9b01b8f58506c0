using Ember.Streaming.Testing;

namespace Ember.Streaming.Tests.Smoke;

public class SmokeTests
{
    [Fact]
    public async Task WordCount_ThreeBatches_CountsPerBatch()
    {
        var outputs = await StreamingTest.RunAsync(
            input: new[] { new[] { "a b", "b" }, new[] { "c" } },
            operation: (DStream<string> lines) => lines.FlatMap(l => l.Split(' ')).Map(w => (w, 1)).ReduceByKey((a, b) => a + b),
            batches: 3);
        Assert.Equal(3, outputs.Count);
        Assert.Equal(new[] { ("a", 1), ("b", 2) }, outputs[0].OrderBy(p => p.Item1).Select(p => (p.Key, p.Value)));
        Assert.Equal(new[] { ("c", 1) }, outputs[1].Select(p => (p.Key, p.Value)));
        Assert.Empty(outputs[2]);
    }

    [Fact]
    public async Task RunAsync_IssueExampleShapes_CompileWithImplicitLambdas()
    {
        IReadOnlyList<IReadOnlyList<(string Key, int Value)>> outputs = await StreamingTest.RunAsync(
            input: new[] { new[] { "a b", "b" }, new[] { "c" } },
            operation: lines => lines.FlatMap(l => l.Split(' ')).Map(w => (w, 1)).ReduceByKey((a, b) => a + b),
            batches: 3, batchInterval: TimeSpan.FromSeconds(1));
        Assert.Equal([1, 2, 1], outputs.SelectMany(batch => batch).OrderBy(p => p.Key).Select(p => p.Value));

        var joined = await StreamingTest.RunAsync(
            new[] { new[] { ("k", 1) } }, new[] { new[] { ("k", "x") } }, (s1, s2) => s1.Join(s2), batches: 2);
        Assert.Equal([("k", (1, "x"))], joined[0]);
        Assert.Empty(joined[1]);
    }

    [Fact]
    public async Task State_And_Window()
    {
        var input = new[] { new[] { "a", "b" }, new[] { "a" }, new string[0], new[] { "b" } };
        var state = await StreamingTest.RunAsync(input,
            (DStream<string> s) => s.Map(w => (w, 1)).UpdateStateByKey((IReadOnlyList<int> vs, Option<int> st) => Option.Some(vs.Sum() + st.GetValueOrDefault(0))),
            batches: 4);
        Assert.Equal(new[] { ("a", 2), ("b", 2) }, state[3].OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        var window = await StreamingTest.RunAsync(input,
            (DStream<string> s) => s.Map(w => (w, 1)).ReduceByKeyAndWindow((a, b) => a + b, (a, b) => a - b, TimeSpan.FromSeconds(2)),
            batches: 4);
        Assert.Equal(new[] { ("a", 1), ("b", 1) }, window[0].OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.Equal(new[] { ("a", 2), ("b", 1) }, window[1].OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.Equal(new[] { ("a", 1), ("b", 0) }, window[2].OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        Assert.Equal(new[] { ("a", 0), ("b", 1) }, window[3].OrderBy(p => p.Key).Select(p => (p.Key, p.Value)));
        var counts = await StreamingTest.RunAsync(input, (DStream<string> s) => s.Count(), batches: 5);
        Assert.Equal(new long[] { 2, 1, 0, 1, 0 }, counts.Select(c => c.Single()));
    }
}

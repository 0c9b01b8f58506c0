using System.Collections.Concurrent;

namespace Ember.Streaming.Tests.Operators;

/// <summary>Every operator rejects a null function (or stream, or spec) with <see cref="ArgumentNullException"/> when it is built.</summary>
public sealed class NullArgumentTests
{
    private delegate void Build(DStream<int> numbers, DStream<(string Key, int Value)> pairs);

    private static readonly Dictionary<string, Build> Operations = new()
    {
        ["Map"] = (s, _) => s.Map((Func<int, int>)null!),
        ["FlatMap"] = (s, _) => s.FlatMap((Func<int, IEnumerable<int>>)null!),
        ["Filter"] = (s, _) => s.Filter(null!),
        ["MapPartitions"] = (s, _) => s.MapPartitions((Func<IEnumerable<int>, IEnumerable<int>>)null!),
        ["Reduce"] = (s, _) => s.Reduce(null!),
        ["Union"] = (s, _) => s.Union(null!),
        ["ContextUnion"] = (s, _) => s.Context.Union<int>(null!),
        ["Transform"] = (s, _) => s.Transform((Func<Rdd<int>, Rdd<int>>)null!),
        ["TransformWithTime"] = (s, _) => s.Transform((Func<Rdd<int>, Time, Rdd<int>>)null!),
        ["TransformWith"] = (s, _) => s.TransformWith(s, (Func<Rdd<int>, Rdd<int>, Rdd<int>>)null!),
        ["TransformWithWithTime"] = (s, _) => s.TransformWith(s, (Func<Rdd<int>, Rdd<int>, Time, Rdd<int>>)null!),
        ["TransformWithNullOther"] = (s, _) => s.TransformWith((DStream<int>)null!, (a, b) => a),
        ["Select"] = (s, _) => s.Select((Func<int, int>)null!),
        ["Where"] = (s, _) => s.Where(null!),
        ["SelectMany"] = (s, _) => s.SelectMany((Func<int, IEnumerable<int>>)null!),
        ["SelectManyNullCollection"] = (s, _) => s.SelectMany((Func<int, IEnumerable<int>>)null!, (x, y) => x + y),
        ["SelectManyNullResult"] = (s, _) => s.SelectMany(x => new[] { x }, (Func<int, int, int>)null!),
        ["ReduceByWindow"] = (s, _) => s.ReduceByWindow(null!, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)),
        ["ReduceByWindowNullReducerWithInverse"] = (s, _) => s.ReduceByWindow(null!, (a, b) => a - b, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)),
        ["ReduceByWindowNullInverse"] = (s, _) => s.ReduceByWindow((a, b) => a + b, null!, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)),
        ["ForEachRdd"] = (s, _) => s.ForEachRdd((Action<Rdd<int>>)null!),
        ["ForEachRddWithTime"] = (s, _) => s.ForEachRdd((Action<Rdd<int>, Time>)null!),
        ["ForEachRddAsync"] = (s, _) => s.ForEachRddAsync(null!),
        ["MapNullStream"] = (_, _) => ((DStream<int>)null!).Map(x => x),
        ["GlomNullStream"] = (_, _) => ((DStream<int>)null!).Glom(),
        ["CountNullStream"] = (_, _) => ((DStream<int>)null!).Count(),
        ["WindowNullStream"] = (_, _) => ((DStream<int>)null!).Window(TimeSpan.FromSeconds(1)),
        ["MapValues"] = (_, p) => p.MapValues((Func<int, int>)null!),
        ["FlatMapValues"] = (_, p) => p.FlatMapValues((Func<int, IEnumerable<int>>)null!),
        ["ReduceByKey"] = (_, p) => p.ReduceByKey(null!),
        ["CombineByKeyNullCreate"] = (_, p) => p.CombineByKey((Func<int, long>)null!, (c, v) => c + v, (a, b) => a + b),
        ["CombineByKeyNullMergeValue"] = (_, p) => p.CombineByKey(v => (long)v, null!, (a, b) => a + b),
        ["CombineByKeyNullMergeCombiners"] = (_, p) => p.CombineByKey(v => (long)v, (c, v) => c + v, null!),
        ["Join"] = (_, p) => p.Join((DStream<(string Key, int Value)>)null!),
        ["LeftOuterJoin"] = (_, p) => p.LeftOuterJoin((DStream<(string Key, int Value)>)null!),
        ["RightOuterJoin"] = (_, p) => p.RightOuterJoin((DStream<(string Key, int Value)>)null!),
        ["FullOuterJoin"] = (_, p) => p.FullOuterJoin((DStream<(string Key, int Value)>)null!),
        ["CoGroup"] = (_, p) => p.CoGroup((DStream<(string Key, int Value)>)null!),
        ["ReduceByKeyAndWindow"] = (_, p) => p.ReduceByKeyAndWindow(null!, TimeSpan.FromSeconds(2)),
        ["ReduceByKeyAndWindowNullReducerWithInverse"] = (_, p) => p.ReduceByKeyAndWindow(null!, (a, b) => a - b, TimeSpan.FromSeconds(2)),
        ["ReduceByKeyAndWindowNullInverse"] = (_, p) => p.ReduceByKeyAndWindow((a, b) => a + b, null!, TimeSpan.FromSeconds(2)),
        ["UpdateStateByKey"] = (_, p) => p.UpdateStateByKey((Func<IReadOnlyList<int>, Option<int>, Option<int>>)null!),
        ["UpdateStateByKeyWithTimeAndKey"] = (_, p) => p.UpdateStateByKey((Func<Time, string, IReadOnlyList<int>, Option<int>, Option<int>>)null!),
        ["UpdateStateByKeyWholePartition"] = (_, p) => p.UpdateStateByKey(
            (Func<Time, IEnumerable<(string Key, IReadOnlyList<int> Values, Option<int> State)>, IEnumerable<(string Key, int State)>>)null!),
        ["MapWithState"] = (_, p) => p.MapWithState((StateSpec<string, int, int, int>)null!),
        ["StateSpecFunction"] = (_, _) => StateSpec.Function((Func<string, Option<int>, State<int>, int>)null!),
        ["StateSpecFunctionWithTime"] = (_, _) => StateSpec.Function((Func<Time, string, Option<int>, State<int>, Option<int>>)null!),
        ["StateSpecInitialState"] = (_, _) => StateSpec.Function((string k, Option<int> v, State<int> s) => 0).InitialState(null!),
        ["StateSpecPartitioner"] = (_, _) => StateSpec.Function((string k, Option<int> v, State<int> s) => 0).Partitioner(null!),
    };

    public static TheoryData<string> OperationNames => [.. Operations.Keys];

    [Theory]
    [MemberData(nameof(OperationNames))]
    public async Task Operator_NullArgument_ThrowsArgumentNullException(string operation)
    {
        using var ember = new EmberContext(new EmberOptions { Master = "local[1]", AppName = "NullArgumentTests" });
        await using var context = new StreamingContext(ember, TimeSpan.FromSeconds(1));
        var numbers = context.QueueStream(new ConcurrentQueue<Rdd<int>>());
        var pairs = context.QueueStream(new ConcurrentQueue<Rdd<(string Key, int Value)>>());

        var error = Assert.Throws<ArgumentNullException>(() => Operations[operation](numbers, pairs));

        Assert.False(string.IsNullOrEmpty(error.ParamName));
    }
}

using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using Ember.Cluster.Closures;
using Ember.Serialization;

namespace Ember.Cluster.Tests.Closures;

public sealed class TaskBinaryGraphTests : TwoContextsTest
{
    [Fact]
    public void Deserialize_CycleOfObjects_ComesBackAsTheSameCycle()
    {
        var first = new Node { Value = 1 };
        var second = new Node { Value = 2, Next = first };
        first.Next = second;

        var shipped = Contexts.Ship(first);

        Assert.Equal(2, shipped.Next!.Value);
        Assert.Same(shipped, shipped.Next.Next);
    }

    [Fact]
    public void Deserialize_RecursiveLambda_CallsItselfThroughItsClosure()
    {
        Func<int, int>? factorial = null;
        factorial = n => n <= 1 ? 1 : n * factorial!(n - 1);

        var shipped = Contexts.Ship(factorial);

        Assert.Equal(120, shipped(5));
        Assert.NotSame(factorial, shipped);
    }

    [Fact]
    public void Deserialize_SharedReferences_StaySharedAcrossCollections()
    {
        var shared = new List<int> { 1, 2 };
        var holder = new object[] { shared, shared, new Dictionary<string, List<int>> { ["a"] = shared } };

        var shipped = Contexts.Ship(holder);

        Assert.Same(shipped[0], shipped[1]);
        Assert.Same(shipped[0], ((Dictionary<string, List<int>>)shipped[2])["a"]);
    }

    [Fact]
    public void Deserialize_ResultShapes_EqualTheOriginals()
    {
        var records = Enumerable.Range(0, 100).Select(i => new Person($"p{i}", i, i % 2 == 0 ? null : i * 1.5)).ToArray();
        var tuples = Enumerable.Range(0, 100).Select(i => (Key: i, Total: (long)i * i)).ToArray();
        var named = Enumerable.Range(0, 10).Select(i => (Name: $"n{i}", Count: i)).ToList();

        Assert.Equal(records, Contexts.Ship(records));
        Assert.Equal(tuples, Contexts.Ship(tuples));
        Assert.Equal(named, Contexts.Ship(named));
        Assert.Equal([1.5, double.NaN, -0.0], Contexts.Ship(new[] { 1.5, double.NaN, -0.0 }));
        string?[] texts = ["a", null, "", "héllo ✓", "\ud800 lone"];
        Assert.Equal((IEnumerable<string?>)texts, Contexts.Ship(texts));
        Assert.Equal([[1, 2], [], [3]], Contexts.Ship(new[] { new[] { 1, 2 }, [], [3] }));
        Assert.Equal(new[,] { { 1, 2, 3 }, { 4, 5, 6 } }, Contexts.Ship(new[,] { { 1, 2, 3 }, { 4, 5, 6 } }));
        Assert.Equal(new HashSet<string> { "x", "y" }, Contexts.Ship(new HashSet<string> { "x", "y" }));
        Assert.Equal(new SortedDictionary<int, string> { [2] = "b", [1] = "a" }, Contexts.Ship(new SortedDictionary<int, string> { [2] = "b", [1] = "a" }));
        Assert.Equal(Tuple.Create(1, "one"), Contexts.Ship(Tuple.Create(1, "one")));
        Assert.Equal(new KeyValuePair<string, int>("k", 3), Contexts.Ship(new KeyValuePair<string, int>("k", 3)));
    }

    [Fact]
    public void Deserialize_Scalars_KeepValueAndKind()
    {
        object[] values =
        [
            true, (byte)200, (sbyte)-5, 'ç', (short)-300, (ushort)60000, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue,
            1.25f, Math.PI, (Half)0.5, 123.456m, Int128.MinValue, UInt128.MaxValue, BigInteger.Pow(3, 100),
            new DateTime(2026, 12, 1, 23, 0, 0, DateTimeKind.Utc), new DateTimeOffset(2026, 12, 1, 23, 0, 0, TimeSpan.FromHours(-5)),
            TimeSpan.FromMilliseconds(1234.5), Guid.NewGuid(), new DateOnly(2026, 12, 1), new TimeOnly(23, 59), DayOfWeek.Friday,
            (int?)7, typeof(Dictionary<string, int[]>),
        ];

        var shipped = Contexts.Ship(values);

        Assert.Equal(values, shipped);
        Assert.Equal(DateTimeKind.Utc, ((DateTime)shipped[17]).Kind);
    }

    [Fact]
    public void Deserialize_FrameworkObjects_RebuiltFromWhatDefinesThem()
    {
        var regex = new Regex("^a+b$", RegexOptions.IgnoreCase);

        Assert.Matches(Contexts.Ship(regex), "AAB");
        Assert.Equal(RegexOptions.IgnoreCase, Contexts.Ship(regex).Options);
        Assert.Same(CultureInfo.InvariantCulture, Contexts.Ship(CultureInfo.InvariantCulture));
        Assert.Equal(0, Contexts.Ship(new UTF8Encoding(false)).Preamble.Length);
        Assert.Equal(Encoding.Latin1.CodePage, Contexts.Ship(Encoding.Latin1).CodePage);
        Assert.Equal(new Uri("https://example.com/a?b=c"), Contexts.Ship(new Uri("https://example.com/a?b=c")));
        Assert.Equal(Path.GetFullPath("some.txt"), Contexts.Ship(new FileInfo("some.txt")).FullName);
    }

    [Fact]
    public void Deserialize_WellKnownInstances_ComeBackAsTheReceiversOwn()
    {
        object[] values = [Comparer<int>.Default, EqualityComparer<string>.Default, StringComparer.Ordinal, StringComparer.OrdinalIgnoreCase, MessagePackEmberSerializer.Default];

        var shipped = Contexts.Ship(values);

        Assert.Equal(values, shipped, ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public void Deserialize_DictionaryWithComparer_KeepsTheComparer()
    {
        var words = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Apple"] = 1 };

        var shipped = Contexts.Ship(words);

        Assert.Same(StringComparer.OrdinalIgnoreCase, shipped.Comparer);
        Assert.Equal(1, shipped["APPLE"]);
    }

    [Fact]
    public void Deserialize_ContextAndItsSerializer_BecomeTheReceivers()
    {
        var serializer = new MessagePackEmberSerializer(useLz4Compression: true);
        using var driver = new EmberContext(new EmberOptions { Master = "local[1]", Serializer = serializer });

        var shipped = (object[])TaskBinary.Deserialize(TaskBinary.Serialize(new object[] { driver, serializer }, driver), Contexts.Executor)!;

        Assert.Same(Contexts.Executor, shipped[0]);
        Assert.Same(Contexts.Executor.Serializer, shipped[1]);
    }

    [Fact]
    public void Deserialize_MonitorsAndNonSerializedFields_FreshAndDefault()
    {
        var holder = new Holder { Gate = new Lock(), Monitor = new object(), Cache = [1, 2, 3], Kept = "kept" };

        var shipped = Contexts.Ship(holder);

        Assert.True(shipped.Gate is not null && shipped.Gate != holder.Gate);
        lock (shipped.Gate)
        {
            Assert.True(shipped.Gate.IsHeldByCurrentThread);
        }
        Assert.NotNull(shipped.Monitor);
        Assert.Null(shipped.Cache);
        Assert.Equal("kept", shipped.Kept);
    }

    [Fact]
    public void Deserialize_MulticastDelegate_InvokesEveryTarget()
    {
        var calls = new List<string>();
        Action<string> both = value => calls.Add("first " + value);
        both += value => calls.Add("second " + value);
        var shipped = Contexts.Ship((both, calls));

        shipped.both("x");

        Assert.Equal(["first x", "second x"], shipped.calls);
    }

    [Fact]
    public void Deserialize_AggregationResults_KeepTheirState()
    {
        var stats = new StatCounter([1.0, 2.0, 4.5]);
        var sketch = new Ember.Approximate.HyperLogLogPlusPlus(12);
        foreach (var value in Enumerable.Range(0, 5000))
        {
            sketch.Offer(Ember.Partitioning.StableHash64.Of(value));
        }

        var (shippedStats, shippedSketch) = Contexts.Ship((stats, sketch));

        Assert.Equal(stats.ToString(), shippedStats.ToString());
        Assert.Equal(sketch.Estimate(), shippedSketch.Estimate());
    }

    [Fact]
    public void Deserialize_KeyedMapWithStringKeys_LooksUpEveryKey()
    {
        var counts = new Ember.Shuffle.KeyedMap<string?, long>();
        foreach (var word in new[] { "a", "b", null, "a" })
        {
            counts.GetOrAddSlot(word, out _)++;
        }

        var shipped = Contexts.Ship(counts);

        Assert.Equal(2, shipped["a"]);
        Assert.Equal(1, shipped["b"]);
        Assert.Equal(1, shipped[null]);
    }

    [Fact]
    public void Deserialize_CorruptOrForeignBytes_ThrowsInvalidData()
    {
        var bytes = Contexts.Serialize(new Person("a", 1, null));

        Assert.Throws<InvalidDataException>(() => TaskBinary.Deserialize(bytes.AsSpan(0, bytes.Length - 3), Contexts.Executor));
        Assert.Throws<InvalidDataException>(() => TaskBinary.Deserialize("not a binary"u8, Contexts.Executor));
    }

    public sealed class Node
    {
        public int Value { get; set; }

        public Node? Next { get; set; }
    }

    public sealed record Person(string Name, int Age, double? Score);

    public sealed class Holder
    {
        public Lock? Gate { get; set; }

        public object? Monitor { get; set; }

        [field: NonSerialized]
        public List<int>? Cache { get; set; }

        public string? Kept { get; set; }
    }
}

using System.Net.Sockets;
using Ember.Streaming.FakesForClosureTests;
using Microsoft.Extensions.Logging.Abstractions;
using Ember.Scheduling;

namespace Ember.Cluster.Tests.Closures;

public sealed class TaskNotSerializableTests : TwoContextsTest
{
    [Fact]
    public void Serialize_LambdaCapturingSocket_NamesRddLambdaFieldAndType()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var rdd = Driver.Parallelize([1, 2, 3], 2).Map(x => socket.Connected ? x : -x).SetName("guarded");

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.StartsWith("Task not serializable: the function `<lambda in Ember.Cluster.Tests.Closures.TaskNotSerializableTests.Serialize_LambdaCapturingSocket_NamesRddLambdaFieldAndType>`", error.Message);
        Assert.Contains("captures field `socket` of type System.Net.Sockets.Socket, which cannot be sent to an executor", error.Message);
        Assert.Contains("RDD `guarded [", error.Message);
        Assert.Contains("lambdas in one scope share one closure object", error.Message);
        Assert.Equal(typeof(Socket), error.OffendingType);
    }

    [Fact]
    public void Serialize_NeighbourLambdaCapture_IsCarriedAlongAndNamed()
    {
        var stream = new MemoryStream();
        var offset = 1;
        Action useStream = () => stream.WriteByte(1);
        var rdd = Driver.Parallelize([1, 2], 1).Map(x => x + offset);

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("captures field `stream` of type System.IO.MemoryStream", error.Message);
        Assert.Contains("a stream, open in this process only", error.Message);
        GC.KeepAlive(useStream);
    }

    [Fact]
    public void Serialize_BlockScopedCapture_LeavesTheNeighbourOut()
    {
        var offset = 1;
        {
            var stream = new MemoryStream();
            Action useStream = () => stream.WriteByte(1);
            GC.KeepAlive(useStream);
        }
        var rdd = Driver.Parallelize([1, 2], 1).Map(x => x + offset);

        Assert.NotEmpty(Contexts.Serialize(rdd));
    }

    [Theory]
    [InlineData("thread")]
    [InlineData("task")]
    [InlineData("cancellation")]
    [InlineData("logger")]
    [InlineData("pointer")]
    public void Serialize_LiveResourceCaptured_RefusedWithItsReason(string kind)
    {
        var (captured, reason) = kind switch
        {
            "thread" => ((object)Thread.CurrentThread, "a thread of this process"),
            "task" => ((object)Task.CompletedTask, "a running task of this process"),
            "cancellation" => ((object)new CancellationTokenSource(), "a cancellation source"),
            "logger" => ((object)NullLogger.Instance, "a logger"),
            _ => ((object)new NativeHolder { Handle = 42 }, "a native pointer or handle"),
        };
        var rdd = Driver.Parallelize([1], 1).Map(x => captured.GetHashCode() + x);

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("captures field `captured`", error.Message);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Serialize_UnlistedFrameworkType_Refused()
    {
        var random = new Random(1);
        var rdd = Driver.Parallelize([1], 1).Map(x => x + random.Next());

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("captures field `random` of type System.Random", error.Message);
        Assert.Contains("a .NET type Ember does not send", error.Message);
    }

    [Fact]
    public void Serialize_LazyLinqQueryCaptured_SuggestsMaterializingIt()
    {
        var wanted = new[] { 1, 2, 3 }.Where(x => x > 1);
        var rdd = Driver.Parallelize([1, 2, 3], 1).Filter(x => wanted.Contains(x));

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("captures field `wanted`", error.Message);
        Assert.Contains("materialize it with ToArray() or ToList()", error.Message);
    }

    [Fact]
    public void Serialize_CompiledExpression_Refused()
    {
        System.Linq.Expressions.Expression<Func<int, int>> increment = x => x + 1;
        var rdd = Driver.Parallelize([1, 2, 3], 1).Map(increment.Compile());

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("cannot be sent to an executor", error.Message);
    }

    [Fact]
    public void Serialize_DStreamCaptured_SaysItCannotBeUsedInsideAnRddFunction()
    {
        var stream = new DStreamForClosureTests();
        var rdd = Driver.Parallelize([1], 1).Map(x => x + stream.Count);

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("a DStream cannot be used inside an RDD function", error.Message);
    }

    [Fact]
    public void Serialize_AnotherEmberContextCaptured_Refused()
    {
        var other = Contexts.Executor;
        var rdd = Driver.Parallelize([1], 1).Map(x => x + other.DefaultParallelism);

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("captures field `other` of type Ember.EmberContext", error.Message);
        Assert.Contains("another EmberContext than the one running this job", error.Message);
    }

    [Fact]
    public void Serialize_InstanceMethodOfClassHoldingASocket_NamesThisAndTheField()
    {
        using var job = new SocketJob();
        var rdd = job.Build(Driver.Parallelize([1, 2], 1));

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("is bound to `this` (Ember.Cluster.Tests.Closures.SocketJob), whose field `connection` is of type System.Net.Sockets.Socket", error.Message);
        Assert.Contains("the whole object (`this`) travels", error.Message);
    }

    [Fact]
    public void Serialize_MethodGroupOfClassHoldingASocket_NamesTheMethodAndTheField()
    {
        using var job = new SocketJob();
        var rdd = Driver.Parallelize([1, 2], 1).Map(job.Describe);

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("the function `Ember.Cluster.Tests.Closures.SocketJob.Describe` is bound to `this` (Ember.Cluster.Tests.Closures.SocketJob), whose field `connection` is of type System.Net.Sockets.Socket", error.Message);
        Assert.Contains("the whole object (`this`) travels", error.Message);
    }

    [Fact]
    public void Serialize_NonSerializableZeroValue_NamesTheRddAndThePath()
    {
        var rdd = Driver.Parallelize([(Key: 1, Value: 2)], 1)
            .AggregateByKey(new Accumulator(), (acc, value) => acc, (a, b) => a);

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("stopwatch", error.Message);
        Assert.Contains("System.Diagnostics.Stopwatch", error.Message);
    }

    [Fact]
    public void Serialize_DictionarySubclass_RefusedRatherThanWalked()
    {
        var table = new CountTable { ["a"] = 1 };
        var rdd = Driver.Parallelize(["a"], 1).Map(key => table[key]);

        var error = Assert.Throws<TaskNotSerializableException>(() => Contexts.Serialize(rdd));

        Assert.Contains("captures field `table`", error.Message);
        Assert.Contains("base class", error.Message);
    }
}

public sealed class SocketJob : IDisposable
{
    private readonly Socket connection = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public Rdd<string> Build(Rdd<int> numbers) => numbers.Map(x => $"{x}:{connection.Connected}");

    public string Describe(int value) => $"{value}:{connection.Connected}";

    public void Dispose() => connection.Dispose();
}

public sealed class Accumulator
{
    private readonly System.Diagnostics.Stopwatch stopwatch = new();

    public override string ToString() => stopwatch.ToString() ?? "";
}

public sealed class NativeHolder
{
    public nint Handle { get; set; }
}

public sealed class CountTable : Dictionary<string, int>;

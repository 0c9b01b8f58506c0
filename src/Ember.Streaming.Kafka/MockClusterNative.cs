using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Ember.Streaming.Kafka;

/// <summary>
/// The few librdkafka mock-cluster controls the embedded broker offers (topics with a partition count, brokers
/// going down and up), called in the very librdkafka that Confluent.Kafka loaded, on the mock cluster owned by the
/// embedded broker's client handle.
/// </summary>
/// <remarks>
/// Confluent.Kafka does not expose the mock cluster, so its native handle is read from the internal
/// <c>Handle.LibrdkafkaHandle</c> property; Confluent.Kafka's version is pinned centrally, and a change there fails
/// the embedded broker's tests rather than anything in a real deployment, which never uses the mock cluster.
/// </remarks>
internal static partial class MockClusterNative
{
    private const string Library = "librdkafka";

    static MockClusterNative() => NativeLibrary.SetDllImportResolver(typeof(MockClusterNative).Assembly, Resolve);

    /// <summary>The mock cluster of the client behind <paramref name="handle"/>.</summary>
    public static IntPtr ClusterOf(Handle handle)
    {
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("This Confluent.Kafka version does not expose its librdkafka handle; the embedded broker's controls need the pinned version.");
        var native = (SafeHandle)property.GetValue(handle)!;
        var cluster = rd_kafka_handle_mock_cluster(native.DangerousGetHandle());
        return cluster != IntPtr.Zero ? cluster : throw new InvalidOperationException("The client handle has no mock cluster.");
    }

    public static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new KafkaException(new Error((ErrorCode)error, $"{what}: mock cluster error {(ErrorCode)error}."));
        }
    }

    [LibraryImport(Library)]
    internal static partial IntPtr rd_kafka_handle_mock_cluster(IntPtr kafka);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    internal static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    /// <summary>
    /// Binds to the librdkafka already loaded by Confluent.Kafka (which picks one of several builds at run time):
    /// loading another copy would give a second library whose functions do not know the first one's handles.
    /// </summary>
    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library || !File.Exists("/proc/self/maps"))
        {
            return IntPtr.Zero;
        }
        var loaded = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length == 6 && Path.GetFileName(fields[5].Trim()).EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(fields => fields[5].Trim())
            .FirstOrDefault();
        return loaded is null ? IntPtr.Zero : NativeLibrary.Load(loaded);
    }
}

using Ember.Scheduling;
namespace Ember.Cluster.Closures;

/// <summary>
/// The codec of task binaries (a stage's lineage: RDDs, dependencies, partitions, partitioners, aggregators and the
/// user's functions with their captures) and of task results. Every reference to the driver's
/// <see cref="EmberContext"/> is written as a marker and read back as the receiver's own context.
/// </summary>
/// <remarks>
/// Deserializing resolves type names and creates objects of them without running constructors: call it only on
/// bytes from a peer the cluster layer has authenticated.
/// </remarks>
internal static class TaskBinary
{
    /// <summary>
    /// The bytes of <paramref name="root"/> and everything it reaches. Throws <see cref="TaskNotSerializableException"/>
    /// naming the path to the first value that cannot be sent.
    /// </summary>
    public static byte[] Serialize(object? root, EmberContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var writer = new GraphWriter(context);
        writer.WriteInt32(unchecked((int)WireFormat.Magic));
        try
        {
            writer.WriteObject(root);
        }
        catch (RefusalException refusal)
        {
            throw new TaskNotSerializableException(TaskNotSerializableMessage.Build(refusal), refusal.OffendingType);
        }
        catch (InsufficientExecutionStackException deep)
        {
            throw new TaskNotSerializableException(
                $"Task not serializable: the object graph of {root} is nested too deeply to write (a very long linked structure?).", root!.GetType(), deep);
        }
        return writer.ToArray();
    }

    /// <summary>Rebuilds the graph written by <see cref="Serialize"/>, with <paramref name="context"/> wherever the driver's context was.</summary>
    public static object? Deserialize(ReadOnlySpan<byte> bytes, EmberContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = new GraphReader(bytes.ToArray(), context);
        if (bytes.Length < sizeof(int) || reader.ReadInt32() != unchecked((int)WireFormat.Magic))
        {
            throw new InvalidDataException("These bytes are not an Ember task binary (or come from another format version).");
        }
        var root = reader.ReadObject();
        reader.Complete();
        if (!reader.AtEnd)
        {
            throw new InvalidDataException("The task binary holds bytes after its root object.");
        }
        return root;
    }
}

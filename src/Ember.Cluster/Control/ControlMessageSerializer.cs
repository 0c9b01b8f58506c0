using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace Ember.Cluster.Control;

/// <summary>
/// Akka's serializer for the control messages: a compact hand-written binary format, one manifest per type. It never
/// reads a type name from the network (the manifest picks one of a fixed set), and it refuses to write a message that
/// could exceed Akka.Remote's frame limit, which would otherwise drop it in silence.
/// </summary>
internal sealed class ControlMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>Ids 0-40 are Akka's own.</summary>
    public const int SerializerId = 1313;

    /// <summary>
    /// The largest serialized message: the frame limit less room for Akka's envelope (recipient and sender paths,
    /// manifest, sequence numbers).
    /// </summary>
    public const int MaxMessageBytes = ClusterConfig.MaximumFrameSize - 8_000;

    /// <summary>The most cached partitions one status update may list: 8 bytes each, far under the frame limit.</summary>
    public const int MaxCachedPartitions = 8_192;

    public override int Identifier => SerializerId;

    public override string Manifest(object o) => ManifestOf(o);

    /// <summary>The manifest that names a message's type on the wire (two letters, never a CLR type name).</summary>
    public static string ManifestOf(object o) => o switch
    {
        RegisterExecutor => "RE",
        RegisteredExecutor => "RD",
        RegistrationRefused => "RR",
        LaunchTask => "LT",
        StatusUpdate => "TS",
        KillTask => "KT",
        StopExecutor => "SE",
        RemoveShuffle => "RS",
        RemoveRdd => "RX",
        Ping => "PI",
        TaskMessage => "TM",
        DriverMessage => "DM",
        Pong => "PO",
        _ => throw new ArgumentException($"{o.GetType()} is not an Ember control message.", nameof(o)),
    };

    public override byte[] ToBinary(object obj) => Encode((IControlMessage)obj);

    public override object FromBinary(byte[] bytes, string manifest) => Decode(bytes, manifest);

    /// <summary>
    /// Writes a message, or throws <see cref="ControlMessageTooLargeException"/> when it would not fit in a frame.
    /// Endpoints call it before sending, so the caller sees the failure (Akka would only log it and drop the message).
    /// </summary>
    public static byte[] Encode(IControlMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var stream = new MemoryStream(64);
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            Write(w, message);
        if (stream.Length > MaxMessageBytes)
            throw new ControlMessageTooLargeException(message.GetType().Name, stream.Length);
        return stream.ToArray();
    }

    /// <summary>Reads a message written by <see cref="Encode"/>; unknown manifests and truncated input throw.</summary>
    public static IControlMessage Decode(byte[] bytes, string manifest)
    {
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        try
        {
            IControlMessage message = manifest switch
            {
                "RE" => new RegisterExecutor(r.ReadString(), r.ReadString(), r.ReadInt32(), r.ReadInt32(), r.ReadString(),
                    ReadFingerprints(r)),
                "RD" => RegisteredExecutor.Instance,
                "RR" => new RegistrationRefused(r.ReadString()),
                "LT" => new LaunchTask(r.ReadInt64(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32(),
                    r.ReadInt32(), r.ReadInt64(), new StageBinaryReference(r.ReadString(), r.ReadInt32(), r.ReadInt32())),
                "TS" => ReadStatusUpdate(r),
                "KT" => new KillTask(r.ReadInt64()),
                "SE" => StopExecutor.Instance,
                "RS" => new RemoveShuffle(r.ReadInt32()),
                "RX" => new RemoveRdd(r.ReadInt32()),
                "PI" => new Ping(r.ReadInt64()),
                "TM" => new TaskMessage(ReadPayload(r)),
                "DM" => new DriverMessage(ReadPayload(r)),
                "PO" => new Pong(r.ReadInt64(), r.ReadString()),
                _ => throw new SerializationException($"Unknown control message manifest '{manifest}'."),
            };
            if (r.BaseStream.Position != bytes.Length)
                throw new SerializationException(
                    $"Control message '{manifest}' has {bytes.Length - r.BaseStream.Position} trailing bytes.");
            return message;
        }
        catch (EndOfStreamException e)
        {
            // SerializationException makes Akka drop the one message instead of the whole connection.
            throw new SerializationException($"Control message '{manifest}' is truncated.", e);
        }
    }

    private static void Write(BinaryWriter w, IControlMessage message)
    {
        switch (message)
        {
            case RegisterExecutor m:
                w.Write(m.ExecutorId); w.Write(m.Host); w.Write(m.BlockPort); w.Write(m.Cores); w.Write(m.BuildDigest);
                w.Write(m.Assemblies.Count);
                foreach (var a in m.Assemblies)
                {
                    w.Write(a.FileName);
                    w.Write(a.Mvid.ToByteArray());
                }
                break;
            case RegisteredExecutor or StopExecutor:
                break;
            case RegistrationRefused m:
                w.Write(m.Reason);
                break;
            case LaunchTask m:
                w.Write(m.TaskId); w.Write(m.JobId); w.Write(m.StageId); w.Write(m.StageAttempt); w.Write(m.PartitionId);
                w.Write(m.Attempt); w.Write(m.Epoch);
                w.Write(m.StageBinary.Host); w.Write(m.StageBinary.Port); w.Write(m.StageBinary.StageId);
                break;
            case StatusUpdate m:
                WriteStatusUpdate(w, m);
                break;
            case KillTask m:
                w.Write(m.TaskId);
                break;
            case RemoveShuffle m:
                w.Write(m.ShuffleId);
                break;
            case RemoveRdd m:
                w.Write(m.RddId);
                break;
            case Ping m:
                w.Write(m.Nonce);
                break;
            case TaskMessage m:
                w.Write(m.Payload.Length); w.Write(m.Payload);
                break;
            case DriverMessage m:
                w.Write(m.Payload.Length); w.Write(m.Payload);
                break;
            case Pong m:
                w.Write(m.Nonce); w.Write(m.ExecutorId);
                break;
            default:
                throw new ArgumentException($"{message.GetType()} has no wire format.", nameof(message));
        }
    }

    private static byte[] ReadPayload(BinaryReader r)
    {
        var length = r.ReadInt32();
        if (length < 0 || length > MaxMessageBytes)
            throw new SerializationException($"Bad payload length {length}.");
        var payload = r.ReadBytes(length);
        return payload.Length == length ? payload : throw new EndOfStreamException();
    }

    private static AssemblyFingerprint[] ReadFingerprints(BinaryReader r)
    {
        var count = r.ReadInt32();
        if (count < 0 || count > MaxMessageBytes / 17)
            throw new SerializationException($"Bad assembly count {count}.");
        var result = new AssemblyFingerprint[count];
        for (var i = 0; i < count; i++)
            result[i] = new AssemblyFingerprint(r.ReadString(), new Guid(r.ReadBytes(16)));
        return result;
    }

    private static void WriteStatusUpdate(BinaryWriter w, StatusUpdate m)
    {
        w.Write(m.TaskId);
        w.Write((byte)m.State);
        w.Write(m.InlineResult is null ? -1 : m.InlineResult.Length);
        if (m.InlineResult is not null)
            w.Write(m.InlineResult);
        w.Write(m.ResultBlock.HasValue);
        if (m.ResultBlock is { } block)
        {
            w.Write(block.Host); w.Write(block.Port); w.Write(block.BlockId); w.Write(block.Size);
        }
        WriteOptional(w, m.ErrorType);
        WriteOptional(w, m.ErrorMessage);
        WriteOptional(w, m.ErrorText);
        w.Write(m.FetchFailure.HasValue);
        if (m.FetchFailure is { } f)
        {
            w.Write(f.ShuffleId); w.Write(f.MapIndex); w.Write(f.ReduceId); w.Write(f.ExecutorId);
        }
        w.Write(m.CachedPartitions.Count);
        foreach (var cached in m.CachedPartitions)
        {
            w.Write(cached.RddId); w.Write(cached.Partition);
        }
        w.Write(m.ShuffleBytesRead);
    }

    private static StatusUpdate ReadStatusUpdate(BinaryReader r)
    {
        var taskId = r.ReadInt64();
        var state = (TaskState)r.ReadByte();
        var length = r.ReadInt32();
        if (length > StatusUpdate.MaxInlineResultBytes)
            throw new SerializationException($"Inline result of {length} bytes is over the limit.");
        var inline = length < 0 ? null : r.ReadBytes(length);
        ResultBlockReference? block = r.ReadBoolean()
            ? new ResultBlockReference(r.ReadString(), r.ReadInt32(), r.ReadString(), r.ReadInt64())
            : null;
        var errorType = ReadOptional(r);
        var errorMessage = ReadOptional(r);
        var errorText = ReadOptional(r);
        FetchFailure? fetch = r.ReadBoolean()
            ? new FetchFailure(r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadString())
            : null;
        var cachedCount = r.ReadInt32();
        if (cachedCount < 0 || cachedCount > MaxCachedPartitions)
            throw new SerializationException($"A status update lists {cachedCount} cached partitions.");
        var cached = new CachedPartition[cachedCount];
        for (var i = 0; i < cachedCount; i++)
            cached[i] = new CachedPartition(r.ReadInt32(), r.ReadInt32());
        var shuffleBytesRead = r.ReadInt64();
        try
        {
            return new StatusUpdate(taskId, state, inline, block, errorType, errorMessage, errorText, fetch, cached) { ShuffleBytesRead = shuffleBytesRead };
        }
        catch (ArgumentException e)
        {
            throw new SerializationException("Invalid task status on the wire.", e);
        }
    }

    private static void WriteOptional(BinaryWriter w, string? value)
    {
        w.Write(value is not null);
        if (value is not null)
            w.Write(value);
    }

    private static string? ReadOptional(BinaryReader r) => r.ReadBoolean() ? r.ReadString() : null;
}

/// <summary>A control message would not fit in one Akka.Remote frame; it was not sent.</summary>
internal sealed class ControlMessageTooLargeException(string messageType, long size)
    : InvalidOperationException(
        $"The {messageType} control message is {size} bytes, over the {ControlMessageSerializer.MaxMessageBytes}-byte limit " +
        $"of Akka.Remote's {ClusterConfig.MaximumFrameSize}-byte frame: it was not sent. Bulk data belongs in the block service.")
{
    public string MessageType { get; } = messageType;
    public long Size { get; } = size;
}

using System.Buffers.Binary;
using Ember.IO;
using Ember.Serialization;

namespace Ember.Checkpointing;

/// <summary>
/// One partition of a reliable checkpoint, <c>part-NNNNN</c>, written atomically: the magic bytes
/// <c>EMBERCP1</c>; chunks of records, each a 4-byte little-endian length and the serializer's bytes of an array of up
/// to <see cref="ChunkRecords"/> records; a length of -1; the record count (8 bytes); and the CRC-32C of every byte
/// before it (4 bytes).
/// </summary>
/// <remarks>
/// Chunks let a partition be written and read without holding all of it in memory. The checksum is checked over the
/// whole file before the first record is read, so a torn or altered file fails the task before any of its records
/// reach user code.
/// </remarks>
internal static class CheckpointPartFile
{
    private const int ChunkRecords = 1024;
    private const int EndOfChunks = -1;
    private const int ChecksumLength = sizeof(uint);
    private static ReadOnlySpan<byte> Magic => "EMBERCP1"u8;

    public static string PathOf(string directory, int partition) => Path.Combine(directory, $"part-{partition:D5}");

    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/> and returns how many there were.</summary>
    public static long Write<T>(string path, IEnumerable<T> records, ISerializer serializer)
    {
        long count = 0;
        AtomicFile.Write(path, stream =>
        {
            var checksum = 0u;
            void Put(ReadOnlySpan<byte> bytes)
            {
                stream.Write(bytes);
                checksum = Crc32C.Append(checksum, bytes);
            }
            void PutInt32(int value)
            {
                Span<byte> bytes = stackalloc byte[sizeof(int)];
                BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
                Put(bytes);
            }

            Put(Magic);
            var chunk = new List<T>(ChunkRecords);
            void Flush()
            {
                var bytes = serializer.Serialize(chunk.ToArray());
                PutInt32(bytes.Length);
                Put(bytes);
                count += chunk.Count;
                chunk.Clear();
            }
            foreach (var record in records)
            {
                chunk.Add(record);
                if (chunk.Count == ChunkRecords)
                {
                    Flush();
                }
            }
            if (chunk.Count > 0)
            {
                Flush();
            }
            PutInt32(EndOfChunks);
            Span<byte> trailer = stackalloc byte[sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(trailer, count);
            Put(trailer);
            Span<byte> crc = stackalloc byte[ChecksumLength];
            BinaryPrimitives.WriteUInt32LittleEndian(crc, checksum);
            stream.Write(crc);
        });
        return count;
    }

    /// <summary>
    /// The records of <paramref name="path"/>, read lazily. A missing, truncated or altered file throws
    /// <see cref="InvalidDataException"/> naming the file and <paramref name="partition"/>.
    /// </summary>
    public static IEnumerable<T> Read<T>(string path, int partition, ISerializer serializer)
    {
        using var stream = Open(path, partition);
        Verify(stream, path, partition);
        stream.Position = Magic.Length;
        var header = new byte[sizeof(long)];
        long count = 0;
        while (true)
        {
            stream.ReadExactly(header, 0, sizeof(int));
            var length = BinaryPrimitives.ReadInt32LittleEndian(header);
            if (length == EndOfChunks)
            {
                break;
            }
            if (length < 0 || length > stream.Length - stream.Position - ChecksumLength)
            {
                throw Corrupt(path, partition, $"a chunk claims {length} bytes");
            }
            var bytes = new byte[length];
            stream.ReadExactly(bytes);
            foreach (var record in serializer.Deserialize<T[]>(bytes))
            {
                count++;
                yield return record;
            }
        }
        stream.ReadExactly(header);
        var expected = BinaryPrimitives.ReadInt64LittleEndian(header);
        if (expected != count)
        {
            throw Corrupt(path, partition, $"it holds {count} records where its trailer says {expected}");
        }
    }

    private static FileStream Open(string path, int partition)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024);
        }
        catch (Exception error) when (error is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"Checkpoint file '{path}' (partition {partition}) is missing.", error);
        }
    }

    /// <summary>Checks the magic bytes and the checksum over the whole file, reading it once.</summary>
    private static void Verify(FileStream stream, string path, int partition)
    {
        var length = stream.Length;
        if (length < Magic.Length + sizeof(int) + sizeof(long) + ChecksumLength)
        {
            throw Corrupt(path, partition, $"it is only {length} bytes long");
        }
        var buffer = new byte[64 * 1024];
        stream.ReadExactly(buffer, 0, Magic.Length);
        if (!buffer.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Corrupt(path, partition, "it does not start as an Ember checkpoint file");
        }
        var checksum = Crc32C.Compute(buffer.AsSpan(0, Magic.Length));
        var remaining = length - Magic.Length - ChecksumLength;
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                throw Corrupt(path, partition, "it shrank while being read");
            }
            checksum = Crc32C.Append(checksum, buffer.AsSpan(0, read));
            remaining -= read;
        }
        stream.ReadExactly(buffer, 0, ChecksumLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(buffer) != checksum)
        {
            throw Corrupt(path, partition, "its CRC-32C checksum does not match its contents");
        }
    }

    private static InvalidDataException Corrupt(string path, int partition, string reason) =>
        new($"Checkpoint file '{path}' (partition {partition}) is corrupt or truncated: {reason}.");
}

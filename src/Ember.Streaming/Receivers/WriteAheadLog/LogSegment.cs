using System.Buffers.Binary;
using System.Globalization;
using Ember.IO;

namespace Ember.Streaming.Receivers.WriteAheadLog;

/// <summary>One block as read back from a segment: its sequence number, its records' bytes (when asked for) and its metadata's bytes.</summary>
internal sealed record LoggedRecord(long Sequence, byte[]? Records, byte[]? Metadata);

/// <summary>What a segment holds: its whole records, in order, and whether bytes after the last one had to be ignored.</summary>
internal sealed record SegmentContents(IReadOnlyList<LoggedRecord> Records, bool Torn, long ValidLength);

/// <summary>
/// One file of a receiver's write-ahead log, <c>log-&lt;first sequence number&gt;.wal</c>: an 8-byte header, then
/// records appended one after another, each fsync'd before the append returns.
/// </summary>
/// <remarks>
/// <para>
/// A record is <c>int32 body length | uint32 CRC-32C of the body | body</c>, little-endian, and the body is
/// <c>int64 sequence number | int32 length | the records serialized as one array | int32 length (-1: none) | the metadata
/// serialized</c>. A crash mid-append leaves a last record that is short or fails its checksum: readers stop there and
/// ignore it (its <c>Store</c> never returned, so nobody acknowledged it).
/// </para>
/// <para>
/// A segment is never appended to once its writer is closed: after a restart, or after a failed append, the log opens a
/// new one. So a torn record can only be the last of its segment, and every record before it is intact.
/// </para>
/// </remarks>
internal sealed class LogSegment : IDisposable
{
    public const string Prefix = "log-";
    public const string Suffix = ".wal";
    private const int RecordHeader = 8;
    private static readonly byte[] Magic = "EMBRWAL1"u8.ToArray();

    private readonly FileStream stream;

    private LogSegment(string path, long firstSequence, DateTimeOffset opened, FileStream stream)
    {
        Path = path;
        FirstSequence = firstSequence;
        Opened = opened;
        this.stream = stream;
    }

    public string Path { get; }

    public long FirstSequence { get; }

    /// <summary>When the segment was opened, on the context's clock (the log rolls to a new segment after its roll interval).</summary>
    public DateTimeOffset Opened { get; }

    public static string FileName(long firstSequence) => $"{Prefix}{firstSequence.ToString(CultureInfo.InvariantCulture)}{Suffix}";

    /// <summary>The first sequence number in a segment's file name, or null for a file that is not a segment.</summary>
    public static long? FirstSequenceOf(string path)
    {
        var name = System.IO.Path.GetFileName(path);
        if (!name.StartsWith(Prefix, StringComparison.Ordinal) || !name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return null;
        }
        return long.TryParse(name.AsSpan(Prefix.Length, name.Length - Prefix.Length - Suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var first)
            ? first
            : null;
    }

    /// <summary>Creates a new segment (never an existing one) and makes its header durable.</summary>
    public static LogSegment Create(string directory, long firstSequence, DateTimeOffset opened)
    {
        System.IO.Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, FileName(firstSequence));
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 1);
        try
        {
            stream.Write(Magic);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
        return new LogSegment(path, firstSequence, opened, stream);
    }

    /// <summary>
    /// Appends one record and fsyncs it. On failure the file is cut back to its last whole record (best effort) and
    /// the exception passes through; the caller then abandons this segment.
    /// </summary>
    public void Append(long sequence, byte[] records, byte[]? metadata)
    {
        var bodyLength = 8L + 4 + records.Length + 4 + (metadata?.Length ?? 0);
        if (bodyLength > int.MaxValue - RecordHeader)
        {
            throw new InvalidOperationException($"A block of {records.Length} serialized bytes is too large for the write-ahead log (at most 2 GB per block).");
        }
        var buffer = new byte[RecordHeader + bodyLength];
        var body = buffer.AsSpan(RecordHeader);
        BinaryPrimitives.WriteInt64LittleEndian(body, sequence);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], records.Length);
        records.CopyTo(body[12..]);
        var metadataAt = 12 + records.Length;
        BinaryPrimitives.WriteInt32LittleEndian(body[metadataAt..], metadata?.Length ?? -1);
        metadata?.CopyTo(body[(metadataAt + 4)..]);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, (int)bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), Crc32C.Compute(body));
        var whole = stream.Position;
        try
        {
            // One write per record, so a crash tears at most this record, at the end of the file.
            stream.Write(buffer);
            stream.Flush(flushToDisk: true);
        }
        catch
        {
            try
            {
                stream.SetLength(whole);
            }
            catch (IOException)
            {
                // Readers ignore a torn last record anyway.
            }
            throw;
        }
    }

    public void Dispose() => stream.Dispose();

    /// <summary>
    /// Reads a segment's whole records. <paramref name="wantRecords"/> says which blocks' record bytes to keep (the
    /// others are checked, not kept). Reading stops at the first record that is short or fails its checksum.
    /// </summary>
    public static SegmentContents Read(string path, Func<long, bool> wantRecords)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            // Torn while being created (or not a segment at all): it holds no record anyone acknowledged.
            return new SegmentContents([], Torn: bytes.Length > 0, ValidLength: 0);
        }
        var records = new List<LoggedRecord>();
        var position = Magic.Length;
        while (position < bytes.Length)
        {
            var remaining = bytes.Length - position;
            if (remaining < RecordHeader)
            {
                return new SegmentContents(records, Torn: true, position);
            }
            var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position));
            if (length < 16 || length > remaining - RecordHeader)
            {
                return new SegmentContents(records, Torn: true, position);
            }
            var body = bytes.AsSpan(position + RecordHeader, length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position + 4)) != Crc32C.Compute(body))
            {
                return new SegmentContents(records, Torn: true, position);
            }
            var sequence = BinaryPrimitives.ReadInt64LittleEndian(body);
            var recordsLength = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
            if (recordsLength < 0 || 12L + recordsLength + 4 > length)
            {
                return new SegmentContents(records, Torn: true, position);
            }
            var metadataLength = BinaryPrimitives.ReadInt32LittleEndian(body[(12 + recordsLength)..]);
            if (metadataLength < -1 || 16L + recordsLength + Math.Max(0, metadataLength) != length)
            {
                return new SegmentContents(records, Torn: true, position);
            }
            records.Add(new LoggedRecord(
                sequence,
                wantRecords(sequence) ? body.Slice(12, recordsLength).ToArray() : null,
                metadataLength < 0 ? null : body.Slice(16 + recordsLength, metadataLength).ToArray()));
            position += RecordHeader + length;
        }
        return new SegmentContents(records, Torn: false, position);
    }
}

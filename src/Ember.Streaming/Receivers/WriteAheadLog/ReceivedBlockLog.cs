using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Ember.Serialization;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Receivers.WriteAheadLog;

/// <summary>What a receiver's log held when it was read back: the blocks asked for, by sequence number, and the newest metadata.</summary>
internal sealed record RecoveredBlocks<T>(IReadOnlyDictionary<long, Block<T>> Blocks, StoredMetadata? LastMetadata);

/// <summary>
/// The write-ahead log of one receiver stream (Spark's receiver WAL), in <c>&lt;checkpoint&gt;/receivedData/&lt;stream id&gt;/</c>:
/// every block is appended, with a sequence number that grows across runs, and fsync'd before it counts as stored.
/// Segments roll every <c>rollInterval</c> on the context's clock and are deleted, whole, once no checkpoint may
/// need their blocks again (<see cref="DeleteBelow"/>).
/// </summary>
/// <remarks>
/// Appends are serialized by the caller (<see cref="ReceivedBlocks{T}"/>, so that blocks are logged in the order
/// batches take them) and here by <see cref="gate"/>, which also orders them with deletions. Nothing here reads the clock: the
/// caller passes the time, read before it took its own locks.
/// </remarks>
internal sealed class ReceivedBlockLog<T>(string directory, ISerializer serializer, TimeSpan rollInterval, ILogger logger, string stream)
{
    private static readonly MethodInfo SerializeMethod = typeof(ISerializer).GetMethods()
        .Single(method => method.Name == nameof(ISerializer.Serialize) && method.GetParameters().Length == 1);
    private static readonly ConcurrentDictionary<Type, MethodInfo> SerializeByType = new();

    private readonly Lock gate = new();
    private LogSegment? active;
    private long nextSequence;
    private bool recovered;

    public string Directory { get; } = directory;

    /// <summary>The sequence number the next block gets: every block logged so far has a lower one.</summary>
    public long NextSequence
    {
        get
        {
            lock (gate)
            {
                return nextSequence;
            }
        }
    }

    /// <summary>
    /// Reads every segment back, keeping the records of the blocks <paramref name="wanted"/> selects, and sets the next
    /// sequence number past everything found. Called once, before the first append. A torn last record (a crash
    /// mid-append) is ignored: its <c>Store</c> never returned.
    /// </summary>
    public RecoveredBlocks<T> Recover(Func<long, bool> wanted)
    {
        lock (gate)
        {
            var blocks = new Dictionary<long, Block<T>>();
            StoredMetadata? last = null;
            var next = 0L;
            foreach (var (path, first) in Segments())
            {
                // Past the name too, so that a segment left without a whole record is never created again.
                next = Math.Max(next, first + 1);
                var contents = LogSegment.Read(path, wanted);
                if (contents.Torn)
                {
                    logger.LogWarning(
                        "Write-ahead log of {Stream}: bytes after the last whole record of {Segment} (offset {Offset}) are ignored: a block torn by a crash while it was written, never acknowledged",
                        stream, path, contents.ValidLength);
                }
                foreach (var record in contents.Records)
                {
                    next = Math.Max(next, record.Sequence + 1);
                    if (record.Metadata is { } metadata && (last?.Sequence is not { } newest || record.Sequence > newest))
                    {
                        last = new StoredMetadata(record.Sequence, null, metadata);
                    }
                    if (record.Records is { } bytes)
                    {
                        blocks[record.Sequence] = new Block<T>(Deserialize(record.Sequence, bytes), null, record.Sequence, record.Metadata);
                    }
                }
            }
            nextSequence = Math.Max(nextSequence, next);
            recovered = true;
            return new RecoveredBlocks<T>(blocks, last);
        }
    }

    /// <summary>
    /// Appends a block and makes it durable (fsync) before returning it with its sequence number. Throws when the block
    /// cannot be written (nothing is logged then; the next append starts a new segment).
    /// </summary>
    /// <param name="records">The block's records.</param>
    /// <param name="metadata">What the receiver stored the block with; serialized as its runtime type.</param>
    /// <param name="now">The context's clock, read by the caller: a segment older than the roll interval is closed first.</param>
    public Block<T> Append(T[] records, object? metadata, DateTimeOffset now)
    {
        var recordBytes = serializer.Serialize(records);
        var metadataBytes = metadata is null ? null : SerializeMetadata(metadata);
        lock (gate)
        {
            // Taken even when the append fails: a failed segment may already bear this number in its name.
            var sequence = nextSequence++;
            if (active is not null && now - active.Opened >= rollInterval)
            {
                active.Dispose();
                active = null;
            }
            try
            {
                active ??= LogSegment.Create(Directory, sequence, now);
                active.Append(sequence, recordBytes, metadataBytes);
            }
            catch
            {
                // Never append after a failure: a partial record must stay the last one of its segment.
                active?.Dispose();
                active = null;
                throw;
            }
            return new Block<T>(records, metadata, sequence, metadataBytes);
        }
    }

    /// <summary>
    /// Deletes the segments whose every block has a sequence number below <paramref name="sequence"/>, oldest first
    /// (closing the current one if it is among them). Returns how many were deleted. Does nothing before <see cref="Recover"/>.
    /// </summary>
    public int DeleteBelow(long sequence)
    {
        lock (gate)
        {
            if (!recovered)
            {
                return 0;
            }
            var segments = Segments().ToList();
            var deleted = 0;
            for (var i = 0; i < segments.Count; i++)
            {
                // Sequence numbers grow across segments: a segment holds those below the next one's first.
                var upper = i + 1 < segments.Count ? segments[i + 1].First : nextSequence;
                if (upper > sequence)
                {
                    break;
                }
                var path = segments[i].Path;
                if (active?.Path == path)
                {
                    active.Dispose();
                    active = null;
                }
                try
                {
                    File.Delete(path);
                    deleted++;
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning(error, "Write-ahead log of {Stream}: cannot delete {Segment}; retried at the next checkpoint", stream, path);
                    break;
                }
            }
            return deleted;
        }
    }

    /// <summary>Closes the current segment; a later append opens a new one.</summary>
    public void Close()
    {
        lock (gate)
        {
            active?.Dispose();
            active = null;
        }
    }

    private IEnumerable<(string Path, long First)> Segments() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, $"{LogSegment.Prefix}*{LogSegment.Suffix}")
                .Select(path => (Path: path, First: LogSegment.FirstSequenceOf(path)))
                .Where(segment => segment.First is not null)
                .Select(segment => (segment.Path, segment.First!.Value))
                .OrderBy(segment => segment.Value)
            : [];

    private T[] Deserialize(long sequence, byte[] bytes)
    {
        try
        {
            return serializer.Deserialize<T[]>(bytes);
        }
        catch (EmberSerializationException error)
        {
            throw new InvalidOperationException(
                $"The write-ahead log of {stream} holds block {sequence}, which cannot be read as {typeof(T).Name}[] (did the receiver's record type change?): {error.Message}",
                error);
        }
    }

    /// <summary>Serializes metadata as its runtime type, so that any <see cref="ISerializer"/> writes its members.</summary>
    private byte[] SerializeMetadata(object metadata)
    {
        var method = SerializeByType.GetOrAdd(metadata.GetType(), static type => SerializeMethod.MakeGenericMethod(type));
        try
        {
            return (byte[])method.Invoke(serializer, [metadata])!;
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(error.InnerException).Throw();
            throw;
        }
    }
}

using Ember.Streaming.Sources.Files;

namespace Ember.Streaming;

public sealed partial class StreamingContext
{
    /// <summary>
    /// A stream of the UTF-8 lines (without line ends) of the files that appear in <paramref name="directory"/>
    /// (Spark's <c>textFileStream</c>). Files are selected exactly as by <see cref="FileStream{T}"/> with
    /// <c>newFilesOnly: true</c> and no filter; each batch reads the lines of the files it took, large files cut
    /// into byte ranges read by several tasks, up to the length a file had when listed. No receiver, no shuffle, not
    /// stateful. Record counts are not reported to listeners (they are unknown until the files are read).
    /// </summary>
    /// <param name="directory">A directory, or a glob of directories with '*' and '?' in path segments (<c>/data/*/logs</c>).</param>
    /// <exception cref="DirectoryNotFoundException">The directory, or the glob's fixed prefix, does not exist; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The context has already started or stopped.</exception>
    public DStream<string> TextFileStream(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        EnsureBuildable(nameof(TextFileStream));
        return new FileInputDStream<string>(this, nameof(TextFileStream), DirectoryGlob.Parse(directory), new TextFileFormat(Math.Min(EmberContext.DefaultParallelism, 2)), filter: null, newFilesOnly: true);
    }

    /// <summary>
    /// A stream of the records <paramref name="readFile"/> produces from each file that appears in
    /// <paramref name="directory"/> (Spark's <c>fileStream</c>). No receiver, no shuffle, not stateful; no duration
    /// has to be a multiple of anything. Each batch's RDD has one partition per file it took, in order of modification
    /// time; <paramref name="readFile"/> runs on a worker thread with the file's full path, once per task attempt
    /// (again if the task is retried), so it must be thread-safe and read the file the same way each time.
    /// </summary>
    /// <param name="directory">A directory, or a glob of directories with '*' and '?' in path segments (<c>/data/*/logs</c>).</param>
    /// <param name="readFile">Yields the records of the file at the given path.</param>
    /// <param name="filter">Takes a file's full path; files it rejects are never selected. Runs on the driver at each listing.</param>
    /// <param name="newFilesOnly">
    /// True (default): files modified at or before the time the context started are ignored. False: files already present are taken
    /// too, but only those modified within the remember window before the batch (Spark's behaviour).
    /// </param>
    /// <remarks>
    /// <para>
    /// At each batch time <c>t</c> (on the context's <see cref="TimeProvider"/>), on the driver, the files directly
    /// inside the directory (or inside every directory matching the glob, found anew each time, so directories created
    /// later count) are listed; subdirectories are not entered, names starting with '.' or '_' are skipped, and so are
    /// paths <paramref name="filter"/> rejects. Modification times are UTC in whole milliseconds. Then:
    /// </para>
    /// <list type="number">
    /// <item><description>
    /// The ignore threshold is <c>max(S, t - W)</c>, where <c>S</c> is the clock's time when the context started if
    /// <paramref name="newFilesOnly"/>, else the epoch, and the remember window <c>W</c> is the batch interval times
    /// <c>max(2, ceil(60 s / batch interval))</c> (Spark's <c>ceil(60 s / batch)</c> batches, but at least two so a file
    /// waiting for rule 3 cannot fall out of the window).
    /// </description></item>
    /// <item><description>
    /// A file is a candidate when threshold &lt; modification time &lt;= <c>t</c> and no batch has taken its path
    /// within the remember window.
    /// </description></item>
    /// <item><description>
    /// Beyond Spark, a candidate is taken only when it looks complete: its modification time is at or before
    /// <c>t - batch interval</c>, or an earlier listing saw it with the same length and the same modification time.
    /// That listing is the previous batch's, unless it was made less than half a batch interval before this one on
    /// the clock (batches computed back to back, as under a window sliding over several batches); then it is the
    /// latest listing made at least half a batch interval earlier. Otherwise the candidate waits for a later batch.
    /// </description></item>
    /// <item><description>
    /// A taken file is read by that batch only; its path is remembered until the batch that took it is older than the
    /// remember window, after which its modification time is below every later threshold.
    /// </description></item>
    /// </list>
    /// <para>
    /// So a file moved in atomically (a rename within one file system) whose modification time is at or before the
    /// previous batch time is read by the next batch; a file copied or written in place is read by the second batch
    /// after its last change, never half-written, unless its writer pauses mid-file for half a batch interval or more (write such
    /// files elsewhere and move them in). A file whose modification time is already at or below the threshold when it
    /// appears (moved in with an old time) is never read. Changing a file after it was taken is not supported: within
    /// the remember window the change is ignored, after it the file may be read again in full. A directory that cannot
    /// be listed is logged and skipped for that batch; a taken file that is deleted before its batch runs fails the
    /// batch's jobs.
    /// </para>
    /// </remarks>
    /// <exception cref="DirectoryNotFoundException">The directory, or the glob's fixed prefix, does not exist; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The context has already started or stopped.</exception>
    public DStream<T> FileStream<T>(string directory, Func<string, IEnumerable<T>> readFile, Func<string, bool>? filter = null, bool newFilesOnly = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(readFile);
        EnsureBuildable(nameof(FileStream));
        return new FileInputDStream<T>(this, nameof(FileStream), DirectoryGlob.Parse(directory), new RecordReaderFormat<T>(readFile), filter, newFilesOnly);
    }

    /// <summary>
    /// A stream of the fixed-length records of the binary files that appear in <paramref name="directory"/> (Spark's
    /// <c>binaryRecordsStream</c>): each record is a new array of exactly <paramref name="recordLength"/> bytes. Files
    /// are selected exactly as by <see cref="FileStream{T}"/> with <c>newFilesOnly: true</c> and no filter, and read
    /// up to the length they had when listed; large files are cut into ranges of whole records. A taken file whose
    /// length is not a multiple of <paramref name="recordLength"/> fails the batch's jobs that read it with an
    /// <see cref="InvalidDataException"/> naming the file and its length (reported through
    /// <see cref="AwaitTerminationAsync"/>; later batches still run). The number of records of each batch is reported to listeners (computed
    /// from file lengths). No receiver, no shuffle, not stateful.
    /// </summary>
    /// <param name="directory">A directory, or a glob of directories with '*' and '?' in path segments (<c>/data/*/logs</c>).</param>
    /// <param name="recordLength">The length of every record in bytes, at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="recordLength"/> is less than 1.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory, or the glob's fixed prefix, does not exist; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The context has already started or stopped.</exception>
    public DStream<byte[]> BinaryRecordsStream(string directory, int recordLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(recordLength, 1);
        EnsureBuildable(nameof(BinaryRecordsStream));
        return new FileInputDStream<byte[]>(this, nameof(BinaryRecordsStream), DirectoryGlob.Parse(directory), new BinaryRecordsFormat(recordLength, Math.Min(EmberContext.DefaultParallelism, 2)), filter: null, newFilesOnly: true);
    }
}

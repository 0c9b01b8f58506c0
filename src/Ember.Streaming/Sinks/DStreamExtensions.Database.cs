using System.Data.Common;
using Ember.Streaming.DStreams;
using Ember.Streaming.Sinks;

namespace Ember.Streaming;

public static partial class DStreamExtensions
{
    /// <summary>
    /// Output operation: writes every batch to a database exactly once, even when the batch is replayed after recovery,
    /// by storing the batch time with the data in the same transaction and skipping batch times already stored. Plain
    /// ADO.NET: any provider's <see cref="DbConnection"/> (SQLite, PostgreSQL, MySQL, SQL Server, ...).
    /// </summary>
    /// <remarks>
    /// <para>
    /// For every batch with records: collects them on the driver (so meant for modest results such as aggregated
    /// counts, not raw high-volume streams: for those use <see cref="ForEachRddAsync{T}"/> with writes keyed by the
    /// batch time), calls <paramref name="createConnection"/>, opens the connection if it is not open, begins a
    /// transaction and reads the marker table. When the row (<paramref name="sinkId"/>, batch time) is there the
    /// batch was stored before: the transaction is rolled back, the skip logged, and <paramref name="write"/> not
    /// called. Otherwise it inserts that row, calls <paramref name="write"/> with the transaction, the records and the
    /// batch time, and commits. The connection is disposed after the batch. A batch without records opens no
    /// connection and stores no marker.
    /// </para>
    /// <para>
    /// A failure anywhere (an exception from <paramref name="write"/>, a SQL error, the context stopping) rolls the
    /// transaction back, so neither rows nor marker remain, and fails the batch's output operation: it is reported as
    /// any output failure (<see cref="Listener.OutputOperationInfo.FailureReason"/>, and
    /// <see cref="StreamingContext.AwaitTerminationAsync"/> throws <see cref="StreamingJobException"/>). Whenever the
    /// batch runs again (recovery from a checkpoint replays unfinished batches and batches where any output failed),
    /// it is written exactly once: skipped when it committed before another output of the batch failed. The guarantee
    /// is per batch time: a replay stores nothing if the first run committed, so replayed batches should hold the same
    /// records (a deterministic graph over a replayable source), as for any Spark output. It holds as far as the database's
    /// transaction reaches: the rows and the marker in the same database, in transactional tables (not MyISAM).
    /// </para>
    /// <para>
    /// The marker table, created on the first batch (outside the transaction, since MySQL commits an open transaction
    /// on DDL) unless it can already be read: <c>CREATE TABLE IF NOT EXISTS ember_sink_batches (sink_id VARCHAR(200)
    /// NOT NULL, batch_time BIGINT NOT NULL, PRIMARY KEY (sink_id, batch_time))</c>, where <c>batch_time</c> is
    /// <see cref="Time.Milliseconds"/>. SQLite, PostgreSQL and MySQL accept that statement; on a database that does
    /// not (SQL Server), create the table beforehand. Statements use <c>@name</c> parameters. The table grows by one
    /// row per sink and non-empty batch: rows older than any batch a recovery can replay may be deleted.
    /// </para>
    /// <para>
    /// Not stateful, no shuffle, no checkpoint needed for the skip itself (the database holds the markers); runs on
    /// the driver once per batch, in batch order unless <see cref="StreamingOptions.ConcurrentJobs"/> allows more.
    /// </para>
    /// </remarks>
    /// <param name="stream">The stream whose batches are written.</param>
    /// <param name="createConnection">
    /// Returns a new connection for one batch, open or not (for example <c>() =&gt; new NpgsqlConnection(cs)</c>);
    /// the sink disposes it.
    /// </param>
    /// <param name="sinkId">
    /// This output's stable name in the marker table: keep it across restarts and code changes, or replayed batches
    /// are written again. Unique per database, up to 200 characters, no leading or trailing white space; compared
    /// ignoring case (as MySQL and SQL Server do by default), and checked unique among this context's database sinks.
    /// </param>
    /// <param name="write">
    /// Writes the batch's records through the transaction (set <see cref="DbCommand.Transaction"/> on each command,
    /// pass values as parameters); must neither commit nor roll it back. Store the batch time with the rows if you
    /// need to tell batches apart. The token fires when the context stops.
    /// </param>
    /// <exception cref="ArgumentNullException">A delegate, the stream or <paramref name="sinkId"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="sinkId"/> is empty, white space, padded, too long, or already used in this context.</exception>
    /// <exception cref="InvalidOperationException">The context has started: outputs must be added before.</exception>
    public static void SaveToDatabase<T>(
        this DStream<T> stream,
        Func<DbConnection> createConnection,
        string sinkId,
        Func<DbTransaction, IReadOnlyList<T>, Time, CancellationToken, Task> write)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(createConnection);
        ArgumentNullException.ThrowIfNull(write);
        BatchMarkerTable.ValidateSinkId(sinkId);
        // Checked before claiming the id, so a refused output leaves no claim behind.
        stream.Context.EnsureBuildable("SaveToDatabase");
        BatchMarkerTable.Claim(stream.Context, sinkId);
        var sink = new DatabaseBatchSink<T>(createConnection, sinkId, write, stream.Context.Logger);
        _ = new ForEachDStream<T>(stream, async (rdd, time, cancellationToken) =>
        {
            var records = await rdd.CollectAsync(cancellationToken).ConfigureAwait(false);
            await sink.WriteBatchAsync(records, time, cancellationToken).ConfigureAwait(false);
        }, "SaveToDatabase", $"SaveToDatabase({sinkId})");
    }
}

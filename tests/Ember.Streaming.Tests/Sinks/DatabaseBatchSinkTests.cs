using System.Data;
using System.Data.Common;
using Ember.Streaming.Sinks;
using Ember.Streaming.Tests.Context;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ember.Streaming.Tests.Sinks;

/// <summary>The per-batch transaction of SaveToDatabase, driven directly as a replay would call it.</summary>
public class DatabaseBatchSinkTests
{
    private static readonly Time T0 = new(1_704_067_201_000);
    private static readonly Time T1 = new(1_704_067_202_000);

    [Fact]
    public async Task WriteBatchAsync_SameTimeTwice_WritesOnceAndLogsTheSkip()
    {
        using var db = new SqliteTestDatabase();
        var log = new CapturingLoggerFactory();
        var writes = 0;
        var sink = new DatabaseBatchSink<(string, int)>(db.CreateConnection, "counts", (transaction, records, time, cancellationToken) =>
        {
            writes++;
            return SqliteTestDatabase.WriteCountsAsync(transaction, records, time, cancellationToken);
        }, log.CreateLogger("test"));

        var first = await sink.WriteBatchAsync([("a", 1), ("b", 2)], T0, CancellationToken.None);
        var replay = await sink.WriteBatchAsync([("a", 1), ("b", 2)], T0, CancellationToken.None);

        Assert.Equal((SinkBatchOutcome.Stored, SinkBatchOutcome.AlreadyStored), (first, replay));
        Assert.Equal(1, writes);
        Assert.Equal([("a", 1L, T0.Milliseconds), ("b", 2L, T0.Milliseconds)], db.Counts());
        Assert.Equal([("counts", T0.Milliseconds)], db.Markers());
        Assert.Contains(log.Messages, message => message.Contains("'counts'") && message.Contains($"batch {T0} is already stored"));
    }

    [Fact]
    public async Task WriteBatchAsync_NewSinkInstanceReplaysTime_SkipsIt()
    {
        using var db = new SqliteTestDatabase();
        await Sink(db, "counts").WriteBatchAsync([("a", 1)], T0, CancellationToken.None);

        var replay = await Sink(db, "counts").WriteBatchAsync([("a", 1)], T0, CancellationToken.None);
        var next = await Sink(db, "counts").WriteBatchAsync([("b", 2)], T1, CancellationToken.None);

        Assert.Equal((SinkBatchOutcome.AlreadyStored, SinkBatchOutcome.Stored), (replay, next));
        Assert.Equal([("a", 1L, T0.Milliseconds), ("b", 2L, T1.Milliseconds)], db.Counts());
    }

    [Fact]
    public async Task WriteBatchAsync_DifferentSinkIdsSameTime_BothStore()
    {
        using var db = new SqliteTestDatabase();

        var left = await Sink(db, "left").WriteBatchAsync([("a", 1)], T0, CancellationToken.None);
        var right = await Sink(db, "right").WriteBatchAsync([("a", 1)], T0, CancellationToken.None);

        Assert.Equal((SinkBatchOutcome.Stored, SinkBatchOutcome.Stored), (left, right));
        Assert.Equal([("left", T0.Milliseconds), ("right", T0.Milliseconds)], db.Markers());
        Assert.Equal(2, db.Counts().Count);
    }

    [Fact]
    public async Task WriteBatchAsync_WriteThrows_RollsBackRowsAndMarkerAndRethrows()
    {
        using var db = new SqliteTestDatabase();
        var sink = new DatabaseBatchSink<(string, int)>(db.CreateConnection, "counts", async (transaction, records, time, cancellationToken) =>
        {
            await SqliteTestDatabase.WriteCountsAsync(transaction, records, time, cancellationToken);
            throw new InvalidDataException("bad batch");
        }, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => sink.WriteBatchAsync([("a", 1)], T0, CancellationToken.None));

        Assert.Equal("bad batch", error.Message);
        Assert.Empty(db.Counts());
        Assert.Empty(db.Markers());
        Assert.Equal(SinkBatchOutcome.Stored, await Sink(db, "counts").WriteBatchAsync([("a", 1)], T0, CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_CancelledDuringWrite_RollsBack()
    {
        using var db = new SqliteTestDatabase();
        using var stopping = new CancellationTokenSource();
        var sink = new DatabaseBatchSink<(string, int)>(db.CreateConnection, "counts", async (transaction, records, time, cancellationToken) =>
        {
            await SqliteTestDatabase.WriteCountsAsync(transaction, records, time, cancellationToken);
            await stopping.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }, NullLogger.Instance);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sink.WriteBatchAsync([("a", 1)], T0, stopping.Token));

        Assert.Empty(db.Counts());
        Assert.Empty(db.Markers());
    }

    [Fact]
    public async Task WriteBatchAsync_FactoryReturnsOpenConnection_UsesAndDisposesIt()
    {
        using var db = new SqliteTestDatabase();
        var connection = new SqliteConnection(db.ConnectionString);
        connection.Open();
        var sink = new DatabaseBatchSink<(string, int)>(() => connection, "counts", SqliteTestDatabase.WriteCountsAsync, NullLogger.Instance);

        await sink.WriteBatchAsync([("a", 1)], T0, CancellationToken.None);

        Assert.Equal(ConnectionState.Closed, connection.State);
        Assert.Single(db.Counts());
    }

    [Fact]
    public async Task WriteBatchAsync_FactoryReturnsNull_ThrowsNamingTheSink()
    {
        var sink = new DatabaseBatchSink<(string, int)>(() => null!, "counts", SqliteTestDatabase.WriteCountsAsync, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => sink.WriteBatchAsync([("a", 1)], T0, CancellationToken.None));

        Assert.Contains("'counts'", error.Message);
    }

    [Fact]
    public async Task WriteBatchAsync_MarkerTableCreatedByUser_UsesItAsItIs()
    {
        using var db = new SqliteTestDatabase();
        // A table the user created with an extra column (as one would on SQL Server, which lacks IF NOT EXISTS).
        db.Execute("CREATE TABLE ember_sink_batches (sink_id VARCHAR(200) NOT NULL, batch_time BIGINT NOT NULL, " +
                   "stored_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (sink_id, batch_time))");

        await Sink(db, "counts").WriteBatchAsync([("a", 1)], T0, CancellationToken.None);

        Assert.Equal([("counts", T0.Milliseconds)], db.Markers());
    }

    [Fact]
    public async Task WriteBatchAsync_SinkIdWithQuote_IsStoredAsAParameter()
    {
        using var db = new SqliteTestDatabase();
        const string sinkId = "o'brien'); DROP TABLE counts; --";

        await Sink(db, sinkId).WriteBatchAsync([("a", 1)], T0, CancellationToken.None);
        var replay = await Sink(db, sinkId).WriteBatchAsync([("a", 1)], T0, CancellationToken.None);

        Assert.Equal(SinkBatchOutcome.AlreadyStored, replay);
        Assert.Equal([(sinkId, T0.Milliseconds)], db.Markers());
        Assert.Single(db.Counts());
    }

    [Fact]
    public async Task WriteBatchAsync_EmptyBatch_DoesNothing()
    {
        using var db = new SqliteTestDatabase();

        var outcome = await Sink(db, "counts").WriteBatchAsync([], T0, CancellationToken.None);

        Assert.Equal(SinkBatchOutcome.Empty, outcome);
        Assert.Equal(0, db.ConnectionsCreated);
        Assert.False(db.TableExists("ember_sink_batches"));
    }

    private static DatabaseBatchSink<(string Word, int Count)> Sink(SqliteTestDatabase db, string sinkId) =>
        new(db.CreateConnection, sinkId, SqliteTestDatabase.WriteCountsAsync, NullLogger.Instance);
}

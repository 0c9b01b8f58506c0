using System.Collections.Concurrent;
using System.Data.Common;
using Ember.Streaming.Tests.Context;

namespace Ember.Streaming.Tests.Sinks;

public class SaveToDatabaseTests
{
    private static readonly Func<DbTransaction, IReadOnlyList<(string Word, int Count)>, Time, CancellationToken, Task> WriteCounts =
        SqliteTestDatabase.WriteCountsAsync;

    [Fact]
    public async Task SaveToDatabase_Batches_WritesEachBatchRowsWithItsBatchTimeAndMarker()
    {
        using var db = new SqliteTestDatabase();
        await using var h = new StreamingHarness();
        h.Queue<(string, int)>([("a", 1), ("b", 2)], [("c", 3)]).SaveToDatabase(db.CreateConnection, "counts", WriteCounts);
        h.Context.Start();

        var batches = await h.RunBatchesAsync(2);

        Assert.All(batches, batch => Assert.Null(batch.OutputOperationInfos[0].FailureReason));
        var (t0, t1) = (h.BatchTime(0).Milliseconds, h.BatchTime(1).Milliseconds);
        Assert.Equal([("a", 1L, t0), ("b", 2L, t0), ("c", 3L, t1)], db.Counts());
        Assert.Equal([("counts", t0), ("counts", t1)], db.Markers());
    }

    [Fact]
    public async Task SaveToDatabase_SecondContextReplaysSameBatchTimes_WritesEachBatchOnce()
    {
        using var db = new SqliteTestDatabase();
        await using (var first = new StreamingHarness())
        {
            first.Queue<(string, int)>([("a", 1)], [("b", 2)]).SaveToDatabase(db.CreateConnection, "counts", WriteCounts);
            first.Context.Start();
            await first.RunBatchesAsync(2);
        }

        // A restarted application on the same clock replays the same batch times, as recovery does.
        var replayWrites = 0;
        await using var second = new StreamingHarness();
        second.Queue<(string, int)>([("a", 1)], [("b", 2)]).SaveToDatabase(db.CreateConnection, "counts", (transaction, records, time, cancellationToken) =>
        {
            Interlocked.Increment(ref replayWrites);
            return WriteCounts(transaction, records, time, cancellationToken);
        });
        second.Context.Start();
        var replayed = await second.RunBatchesAsync(2);

        Assert.All(replayed, batch => Assert.Null(batch.OutputOperationInfos[0].FailureReason));
        Assert.Equal(0, replayWrites);
        var (t0, t1) = (second.BatchTime(0).Milliseconds, second.BatchTime(1).Milliseconds);
        Assert.Equal([("a", 1L, t0), ("b", 2L, t1)], db.Counts());
        Assert.Equal([("counts", t0), ("counts", t1)], db.Markers());
    }

    [Fact]
    public async Task SaveToDatabase_WriteThrowsAfterWritingRows_RollsBackAndFailsOutputOperation()
    {
        using var db = new SqliteTestDatabase();
        await using var h = new StreamingHarness();
        var failure = new InvalidDataException("database rejected the batch");
        h.Queue<(string, int)>([("a", 1), ("b", 2)]).SaveToDatabase(db.CreateConnection, "counts", async (transaction, records, time, cancellationToken) =>
        {
            await WriteCounts(transaction, records, time, cancellationToken);
            throw failure;
        });
        h.Context.Start();

        var batch = await h.RunBatchAsync();

        Assert.Contains("database rejected the batch", batch.OutputOperationInfos[0].FailureReason);
        var error = await Assert.ThrowsAsync<StreamingJobException>(() => h.Context.AwaitTerminationAsync().WaitAsync(StreamingHarness.SafetyNet));
        Assert.Contains(failure, Causes(error));
        Assert.Empty(db.Counts());
        Assert.Empty(db.Markers());
    }

    [Fact]
    public async Task SaveToDatabase_ReplayAfterFailedBatch_WritesItOnce()
    {
        using var db = new SqliteTestDatabase();
        await using (var failing = new StreamingHarness())
        {
            failing.Queue<(string, int)>([("a", 1)], [("b", 2)]).SaveToDatabase(db.CreateConnection, "counts", async (transaction, records, time, cancellationToken) =>
            {
                await WriteCounts(transaction, records, time, cancellationToken);
                if (time == failing.BatchTime(0))
                {
                    throw new TimeoutException("lost the database mid-batch");
                }
            });
            failing.Context.Start();
            await failing.RunBatchesAsync(2);
        }

        await using var recovered = new StreamingHarness();
        recovered.Queue<(string, int)>([("a", 1)], [("b", 2)]).SaveToDatabase(db.CreateConnection, "counts", WriteCounts);
        recovered.Context.Start();
        await recovered.RunBatchesAsync(2);

        var (t0, t1) = (recovered.BatchTime(0).Milliseconds, recovered.BatchTime(1).Milliseconds);
        Assert.Equal([("a", 1L, t0), ("b", 2L, t1)], db.Counts());
        Assert.Equal([("counts", t0), ("counts", t1)], db.Markers());
    }

    [Fact]
    public async Task SaveToDatabase_TwoSinksWithDifferentIds_SkipOnlyTheirOwnBatches()
    {
        using var db = new SqliteTestDatabase();
        await using var h = new StreamingHarness();
        db.Execute("CREATE TABLE ember_sink_batches (sink_id VARCHAR(200) NOT NULL, batch_time BIGINT NOT NULL, PRIMARY KEY (sink_id, batch_time))");
        db.Execute($"INSERT INTO ember_sink_batches VALUES ('left', {h.BatchTime(0).Milliseconds})");
        var written = new ConcurrentQueue<(string Sink, long Time)>();
        var input = h.Queue<(string, int)>([("a", 1)], [("b", 2)]);
        foreach (var sinkId in new[] { "left", "right" })
        {
            input.SaveToDatabase(db.CreateConnection, sinkId, (transaction, records, time, cancellationToken) =>
            {
                written.Enqueue((sinkId, time.Milliseconds));
                return WriteCounts(transaction, records, time, cancellationToken);
            });
        }
        h.Context.Start();

        await h.RunBatchesAsync(2);

        var (t0, t1) = (h.BatchTime(0).Milliseconds, h.BatchTime(1).Milliseconds);
        Assert.Equal([("right", t0), ("left", t1), ("right", t1)], written);
        Assert.Equal([("a", 1L, t0), ("b", 2L, t1), ("b", 2L, t1)], db.Counts());
        Assert.Equal([("left", t0), ("left", t1), ("right", t0), ("right", t1)], db.Markers());
    }

    [Fact]
    public async Task SaveToDatabase_EmptyBatch_OpensNoConnectionAndStoresNoMarker()
    {
        using var db = new SqliteTestDatabase();
        await using var h = new StreamingHarness();
        var writes = 0;
        h.Queue<(string, int)>([], [("a", 1)]).SaveToDatabase(db.CreateConnection, "counts", (transaction, records, time, cancellationToken) =>
        {
            Interlocked.Increment(ref writes);
            return WriteCounts(transaction, records, time, cancellationToken);
        });
        h.Context.Start();

        await h.RunBatchAsync();
        Assert.Equal(0, db.ConnectionsCreated);
        await h.RunBatchAsync();

        Assert.Equal(1, db.ConnectionsCreated);
        Assert.Equal(1, writes);
        Assert.Equal([("counts", h.BatchTime(1).Milliseconds)], db.Markers());
    }

    [Fact]
    public async Task SaveToDatabase_InvalidArguments_ThrowWithTheParameterName()
    {
        using var db = new SqliteTestDatabase();
        await using var h = new StreamingHarness();
        var input = h.Queue<(string, int)>([("a", 1)]);

        Assert.Equal("stream", Assert.Throws<ArgumentNullException>(() => ((DStream<(string, int)>)null!).SaveToDatabase(db.CreateConnection, "s", WriteCounts)).ParamName);
        Assert.Equal("createConnection", Assert.Throws<ArgumentNullException>(() => input.SaveToDatabase(null!, "s", WriteCounts)).ParamName);
        Assert.Equal("write", Assert.Throws<ArgumentNullException>(() => input.SaveToDatabase(db.CreateConnection, "s", null!)).ParamName);
        Assert.Equal("sinkId", Assert.Throws<ArgumentNullException>(() => input.SaveToDatabase(db.CreateConnection, null!, WriteCounts)).ParamName);
        Assert.Equal("sinkId", Assert.Throws<ArgumentException>(() => input.SaveToDatabase(db.CreateConnection, "", WriteCounts)).ParamName);
        Assert.Equal("sinkId", Assert.Throws<ArgumentException>(() => input.SaveToDatabase(db.CreateConnection, "   ", WriteCounts)).ParamName);
        Assert.Contains("white space", Assert.Throws<ArgumentException>(() => input.SaveToDatabase(db.CreateConnection, "counts ", WriteCounts)).Message);
        var tooLong = Assert.Throws<ArgumentOutOfRangeException>(() => input.SaveToDatabase(db.CreateConnection, new string('x', 201), WriteCounts));
        Assert.Equal(201, tooLong.ActualValue);
    }

    [Fact]
    public async Task SaveToDatabase_SinkIdAlreadyUsedInContext_ThrowsNamingIt()
    {
        using var db = new SqliteTestDatabase();
        await using var h = new StreamingHarness();
        var input = h.Queue<(string, int)>([("a", 1)]);
        input.SaveToDatabase(db.CreateConnection, "counts", WriteCounts);

        var error = Assert.Throws<ArgumentException>(() => input.Map(x => x).SaveToDatabase(db.CreateConnection, "Counts", WriteCounts));

        Assert.Equal("sinkId", error.ParamName);
        Assert.Contains("'Counts' is already used", error.Message);
    }

    [Fact]
    public async Task SaveToDatabase_AfterStart_ThrowsInvalidOperation()
    {
        using var db = new SqliteTestDatabase();
        await using var h = new StreamingHarness();
        var input = h.Queue<(string, int)>([("a", 1)]);
        input.SaveToDatabase(db.CreateConnection, "first", WriteCounts);
        h.Context.Start();

        Assert.Throws<InvalidOperationException>(() => input.SaveToDatabase(db.CreateConnection, "late", WriteCounts));
    }

    private static IEnumerable<Exception> Causes(Exception error)
    {
        for (Exception? cause = error; cause is not null; cause = cause.InnerException)
        {
            yield return cause;
        }
    }
}

using System.Data;
using System.Data.Common;
using Microsoft.Extensions.Logging;

namespace Ember.Streaming.Sinks;

/// <summary>What <see cref="DatabaseBatchSink{T}.WriteBatchAsync"/> did with a batch.</summary>
internal enum SinkBatchOutcome
{
    /// <summary>The records and the batch's marker were committed in one transaction.</summary>
    Stored,

    /// <summary>The marker was already there (a replay after recovery): nothing was written.</summary>
    AlreadyStored,

    /// <summary>The batch had no records: no connection was opened, no marker stored.</summary>
    Empty,
}

/// <summary>
/// The per-batch work of <c>SaveToDatabase</c>: in one transaction, skip the batch if its marker is stored, else store
/// the marker and the user's rows together, so a batch replayed after recovery is written exactly once.
/// </summary>
internal sealed class DatabaseBatchSink<T>(
    Func<DbConnection> createConnection,
    string sinkId,
    Func<DbTransaction, IReadOnlyList<T>, Time, CancellationToken, Task> write,
    ILogger logger)
{
    private readonly SemaphoreSlim tableGate = new(1, 1);
    private volatile bool tableReady;

    public string SinkId { get; } = sinkId;

    public async Task<SinkBatchOutcome> WriteBatchAsync(IReadOnlyList<T> records, Time time, CancellationToken cancellationToken)
    {
        if (records.Count == 0)
        {
            return SinkBatchOutcome.Empty;
        }
        var connection = createConnection()
            ?? throw new InvalidOperationException($"The connection factory of database sink '{SinkId}' returned null.");
        await using (connection.ConfigureAwait(false))
        {
            if (connection.State != ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            await EnsureMarkerTableAsync(connection, cancellationToken).ConfigureAwait(false);
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                try
                {
                    if (await BatchMarkerTable.ContainsAsync(transaction, SinkId, time, cancellationToken).ConfigureAwait(false))
                    {
                        await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
                        logger.LogInformation("Database sink '{SinkId}': batch {Time} is already stored; skipped", SinkId, time);
                        return SinkBatchOutcome.AlreadyStored;
                    }
                    // The marker goes in before the user's rows: a concurrent writer of the same batch (a second copy
                    // of the application) then blocks on or fails at the marker's primary key before writing anything.
                    await BatchMarkerTable.AddAsync(transaction, SinkId, time, cancellationToken).ConfigureAwait(false);
                    await write(transaction, records, time, cancellationToken).ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception error)
                {
                    await RollBackAsync(transaction, time, error).ConfigureAwait(false);
                    throw;
                }
            }
        }
        logger.LogDebug("Database sink '{SinkId}': batch {Time} stored with {Count} record(s)", SinkId, time, records.Count);
        return SinkBatchOutcome.Stored;
    }

    /// <summary>Ensures the marker table once per sink; a failure leaves it to the next batch to try again.</summary>
    private async Task EnsureMarkerTableAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (tableReady)
        {
            return;
        }
        // One batch at a time: PostgreSQL can fail two concurrent CREATE TABLE IF NOT EXISTS of the same table.
        await tableGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!tableReady)
            {
                await BatchMarkerTable.EnsureExistsAsync(connection, cancellationToken).ConfigureAwait(false);
                tableReady = true;
            }
        }
        finally
        {
            tableGate.Release();
        }
    }

    /// <summary>
    /// Rolls back after <paramref name="cause"/>, even when the batch was cancelled. A failing rollback (the connection
    /// is gone, or a failed commit already ended the transaction) is only logged: the database discards an
    /// uncommitted transaction anyway, and the cause is what the output operation must report.
    /// </summary>
    private async Task RollBackAsync(DbTransaction transaction, Time time, Exception cause)
    {
        try
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception rollbackError)
        {
            logger.LogWarning(rollbackError, "Database sink '{SinkId}': rolling back batch {Time} after '{Cause}' failed", SinkId, time, cause.Message);
        }
    }
}

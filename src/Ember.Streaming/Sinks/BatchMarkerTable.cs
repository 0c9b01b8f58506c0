using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;

namespace Ember.Streaming.Sinks;

/// <summary>
/// The table <c>ember_sink_batches(sink_id, batch_time)</c> where database sinks record, in the transaction of each
/// batch's rows, that the batch is stored. The SQL is the portable subset that SQLite, PostgreSQL and MySQL accept;
/// values always travel as parameters.
/// </summary>
internal static class BatchMarkerTable
{
    public const string Name = "ember_sink_batches";

    /// <summary>The length of the <c>sink_id</c> column (<c>VARCHAR(200)</c>): MySQL needs a bounded VARCHAR in a primary key.</summary>
    public const int MaxSinkIdLength = 200;

    private const string ProbeSql = $"SELECT COUNT(*) FROM {Name} WHERE 1 = 0";

    private const string CreateSql =
        $"CREATE TABLE IF NOT EXISTS {Name} (sink_id VARCHAR(200) NOT NULL, batch_time BIGINT NOT NULL, PRIMARY KEY (sink_id, batch_time))";

    private const string SelectSql = $"SELECT 1 FROM {Name} WHERE sink_id = @sink_id AND batch_time = @batch_time";

    private const string InsertSql = $"INSERT INTO {Name} (sink_id, batch_time) VALUES (@sink_id, @batch_time)";

    // Sink ids claimed per context, compared ignoring case because MySQL's and SQL Server's default collations do.
    private static readonly ConditionalWeakTable<StreamingContext, ConcurrentDictionary<string, bool>> Claimed = new();

    /// <summary>Throws unless <paramref name="sinkId"/> fits the column and compares the same in every database.</summary>
    public static void ValidateSinkId(string sinkId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sinkId);
        if (sinkId.Length > MaxSinkIdLength)
        {
            throw new ArgumentOutOfRangeException(nameof(sinkId), sinkId.Length,
                $"The sink id is {sinkId.Length} characters long; {Name}.sink_id holds at most {MaxSinkIdLength}.");
        }
        if (sinkId.Trim().Length != sinkId.Length)
        {
            throw new ArgumentException(
                $"The sink id '{sinkId}' starts or ends with white space, which some databases ignore when comparing.", nameof(sinkId));
        }
    }

    /// <summary>
    /// Reserves <paramref name="sinkId"/> in <paramref name="context"/>: two sinks sharing an id would each skip the
    /// other's batches as already stored, losing data silently.
    /// </summary>
    public static void Claim(StreamingContext context, string sinkId)
    {
        var ids = Claimed.GetValue(context, _ => new ConcurrentDictionary<string, bool>(StringComparer.OrdinalIgnoreCase));
        if (!ids.TryAdd(sinkId, true))
        {
            throw new ArgumentException(
                $"The sink id '{sinkId}' is already used by another database sink of this streaming context (ids are compared ignoring case): give each sink its own id.",
                nameof(sinkId));
        }
    }

    /// <summary>
    /// Creates the table unless it can be read. Runs outside the batch's transaction: MySQL commits any open
    /// transaction on DDL, which would leave the batch's writes outside it. Reading first lets databases without
    /// <c>CREATE TABLE IF NOT EXISTS</c> (SQL Server) work with a table the user created.
    /// </summary>
    public static async Task EnsureExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await using var probe = CreateCommand(connection, null, ProbeSql, sinkId: null, time: null);
            await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (DbException)
        {
            // Not there yet (or not readable): create it below, which reports the real problem if there is one.
        }
        await using var create = CreateCommand(connection, null, CreateSql, sinkId: null, time: null);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>True when the batch of <paramref name="sinkId"/> at <paramref name="time"/> is recorded as stored.</summary>
    public static async Task<bool> ContainsAsync(DbTransaction transaction, string sinkId, Time time, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(transaction.Connection!, transaction, SelectSql, sinkId, time);
        var found = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return found is not null and not DBNull;
    }

    /// <summary>Records the batch as stored; fails on the primary key if another writer recorded it meanwhile.</summary>
    public static async Task AddAsync(DbTransaction transaction, string sinkId, Time time, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(transaction.Connection!, transaction, InsertSql, sinkId, time);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, string sql, string? sinkId, Time? time)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        // SQL Server and some other providers refuse a command on a connection with a pending transaction unless
        // the command names it.
        command.Transaction = transaction;
        if (sinkId is not null)
        {
            AddParameter(command, "@sink_id", DbType.String, sinkId);
        }
        if (time is { } batchTime)
        {
            AddParameter(command, "@batch_time", DbType.Int64, batchTime.Milliseconds);
        }
        return command;
    }

    private static void AddParameter(DbCommand command, string name, DbType type, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Ember.Streaming.Tests.Sinks;

/// <summary>
/// A SQLite database in a fresh temporary file, deleted on dispose, with a <c>counts(word, n, batch_time)</c> table
/// and a write delegate for it, so the sink tests share one small schema. Pooling is off so no connection outlives
/// its batch and the file can be removed.
/// </summary>
internal sealed class SqliteTestDatabase : IDisposable
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"ember-sink-test-{Guid.NewGuid():N}.db");
    private int connectionsCreated;

    public SqliteTestDatabase()
    {
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        Execute("CREATE TABLE counts (word TEXT NOT NULL, n INTEGER NOT NULL, batch_time INTEGER NOT NULL)");
    }

    public string ConnectionString { get; }

    /// <summary>How many connections <see cref="CreateConnection"/> handed out.</summary>
    public int ConnectionsCreated => Volatile.Read(ref connectionsCreated);

    /// <summary>A new, closed connection: the sink's connection factory.</summary>
    public DbConnection CreateConnection()
    {
        Interlocked.Increment(ref connectionsCreated);
        return new SqliteConnection(ConnectionString);
    }

    /// <summary>The write delegate of the sink tests: one <c>counts</c> row per record, stamped with the batch time.</summary>
    public static async Task WriteCountsAsync(DbTransaction transaction, IReadOnlyList<(string Word, int Count)> records, Time time, CancellationToken cancellationToken)
    {
        foreach (var (word, count) in records)
        {
            await using var command = (SqliteCommand)transaction.Connection!.CreateCommand();
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = "INSERT INTO counts (word, n, batch_time) VALUES (@word, @n, @batch_time)";
            command.Parameters.AddWithValue("@word", word);
            command.Parameters.AddWithValue("@n", count);
            command.Parameters.AddWithValue("@batch_time", time.Milliseconds);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public void Execute(string sql)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The rows of <c>counts</c>, by batch time then word.</summary>
    public IReadOnlyList<(string Word, long Count, long BatchTime)> Counts() =>
        Query("SELECT word, n, batch_time FROM counts ORDER BY batch_time, word", r => (r.GetString(0), r.GetInt64(1), r.GetInt64(2)));

    /// <summary>The marker rows, by sink id then batch time; none when the sink never created the table.</summary>
    public IReadOnlyList<(string SinkId, long BatchTime)> Markers() =>
        TableExists("ember_sink_batches")
            ? Query("SELECT sink_id, batch_time FROM ember_sink_batches ORDER BY sink_id, batch_time", r => (r.GetString(0), r.GetInt64(1)))
            : [];

    public bool TableExists(string table) =>
        Query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = @name", r => r.GetString(0), ("@name", table)).Count == 1;

    public void Dispose()
    {
        foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    private List<TRow> Query<TRow>(string sql, Func<SqliteDataReader, TRow> read, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var rows = new List<TRow>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }
}

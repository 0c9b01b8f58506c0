using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using Ember.Streaming;

namespace Ember.Sql;

/// <summary>
/// SQL over Ember data (Spark's SparkSession for <c>spark.sql</c>): one in-process, in-memory DuckDB database holding
/// the tables registered with <see cref="SqlRddExtensions.ToTable"/>, <see cref="RegisterCsv"/> and
/// <see cref="RegisterParquet"/>. Thread-safe: every statement runs on a connection of its own, so queries from
/// parallel batches and tasks never share one. A streaming application takes the session of its context with
/// <see cref="For"/>, which is disposed when the context stops; a batch program creates one and disposes it.
/// </summary>
public sealed class SqlSession : IDisposable
{
    private static readonly ConditionalWeakTable<StreamingContext, SqlSession> Sessions = new();
    private readonly Lock gate = new();
    private readonly DuckDBConnection database;
    private bool disposed;

    /// <summary>A session whose typed results are RDDs of <paramref name="context"/>; the caller disposes it.</summary>
    public SqlSession(EmberContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Context = context;
        database = new DuckDBConnection("DataSource=:memory:");
        database.Open();
    }

    /// <summary>The context that <see cref="Sql{T}"/> makes its RDDs in.</summary>
    public EmberContext Context { get; }

    /// <summary>
    /// The session of <paramref name="context"/>, created on first use and disposed when the context stops; the one
    /// that <see cref="SqlDStreamExtensions.Sql{TResult}"/> queries.
    /// </summary>
    public static SqlSession For(StreamingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Sessions.GetValue(context, streaming =>
        {
            var session = new SqlSession(streaming.EmberContext);
            streaming.AwaitTerminationAsync().ContinueWith(_ => session.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return session;
        });
    }

    /// <summary>Runs <paramref name="query"/> now and returns its rows. DuckDB's errors throw <see cref="SqlException"/> naming the query.</summary>
    public IReadOnlyList<SqlRow> Sql(string query) => Run<SqlRow>(query);

    /// <summary>
    /// Runs <paramref name="query"/> now and returns its rows as an RDD of <typeparamref name="T"/>, mapped by column
    /// name (a record, a class with settable members), by position (a value tuple) or from the only column (a scalar).
    /// DuckDB's errors throw <see cref="SqlException"/> naming the query; a result that does not fit
    /// <typeparamref name="T"/> throws <see cref="NotSupportedException"/> naming the member.
    /// </summary>
    public Rdd<T> Sql<T>(string query) => Context.Parallelize(Run<T>(query));

    /// <summary>
    /// Loads a CSV file (header and column types detected by DuckDB) into <paramref name="table"/>, replacing any table
    /// of that name, so that every later query, per-batch ones included, can join it.
    /// </summary>
    public void RegisterCsv(string table, string path) => Register(table, "read_csv", path);

    /// <summary>Loads a Parquet file into <paramref name="table"/>, replacing any table of that name, for every later query to join.</summary>
    public void RegisterParquet(string table, string path) => Register(table, "read_parquet", path);

    /// <summary>Closes the database; statements still running finish on their own connections. Idempotent.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            database.Dispose();
        }
    }

    /// <summary>Replaces <paramref name="table"/> by <paramref name="records"/>, atomically: concurrent queries see the old rows or the new ones.</summary>
    internal void Load<T>(string table, IEnumerable<T> records)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        var schema = RecordSchema<T>.Get();
        using var connection = Connect();
        using var transaction = connection.BeginTransaction();
        schema.Load(connection, table, temporary: false, records);
        transaction.Commit();
    }

    /// <summary>A new open connection to the session's database, for one caller at a time.</summary>
    internal DuckDBConnection Connect()
    {
        DuckDBConnection connection;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            connection = database.Duplicate();
        }
        connection.Open();
        return connection;
    }

    private List<T> Run<T>(string query)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        using var connection = Connect();
        return DuckDbCommands.Query<T>(connection, query);
    }

    private void Register(string table, string reader, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        using var connection = Connect();
        DuckDbCommands.Execute(connection, $"CREATE OR REPLACE TABLE {SqlText.Identifier(table)} AS SELECT * FROM {reader}({SqlText.Literal(path)})");
    }
}

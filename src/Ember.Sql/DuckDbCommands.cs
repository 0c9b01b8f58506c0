using DuckDB.NET.Data;

namespace Ember.Sql;

/// <summary>Runs statements on a DuckDB connection, turning DuckDB's errors into <see cref="SqlException"/>s that name the statement.</summary>
internal static class DuckDbCommands
{
    /// <summary>Runs a statement that returns no rows.</summary>
    public static void Execute(DuckDBConnection connection, string statement)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = statement;
            command.ExecuteNonQuery();
        }
        catch (DuckDBException error)
        {
            throw new SqlException(statement, error);
        }
    }

    /// <summary>
    /// Runs <paramref name="query"/> and reads all its rows as <typeparamref name="T"/> (see <see cref="RowReader{T}"/>),
    /// or, when <paramref name="readRows"/> is false, only checks that its columns fit <typeparamref name="T"/>.
    /// </summary>
    public static List<T> Query<T>(DuckDBConnection connection, string query, bool readRows = true)
    {
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = query;
            using var result = command.ExecuteReader();
            var reader = RowReader<T>.For(result);
            return readRows ? reader.ReadAll(result) : [];
        }
        catch (DuckDBException error)
        {
            // Errors found while rows stream out (a failed cast, an overflow) surface during reads, so both are covered.
            throw new SqlException(query, error);
        }
    }
}

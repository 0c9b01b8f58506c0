using DuckDB.NET.Data;

namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// DuckDB in process, as a user would run a query per micro-batch: the batch is bulk-loaded with an appender into a
/// table, one <c>GROUP BY</c> query runs, its rows are read back (key, value) into the checksum, and the table is emptied.
/// </summary>
internal static class DuckDbRun
{
    public static Contender Contender<T>(T[][] batches, string createTable, Action<IDuckDBAppenderRow, T> append, string query, params string[] setup) =>
        new("DuckDB", () =>
        {
            var connection = new DuckDBConnection("DataSource=:memory:");
            connection.Open();
            foreach (var statement in setup.Prepend(createTable))
            {
                Execute(connection, statement);
            }
            var table = createTable.Split(' ')[2];
            return new DelegateRun(index =>
            {
                using (var appender = connection.CreateAppender(table))
                {
                    foreach (var record in batches[index % batches.Length])
                    {
                        var row = appender.CreateRow();
                        append(row, record);
                        row.EndRow();
                    }
                }
                var checksum = 0L;
                using (var command = connection.CreateCommand())
                {
                    command.CommandText = query;
                    using var reader = command.ExecuteReader();
                    while (reader.Read())
                    {
                        checksum += Checksums.Of(reader.GetInt64(0), reader.GetInt64(1));
                    }
                }
                Execute(connection, $"DELETE FROM {table}");
                return checksum;
            }, connection.Dispose);
        });

    private static void Execute(DuckDBConnection connection, string statement)
    {
        using var command = connection.CreateCommand();
        command.CommandText = statement;
        command.ExecuteNonQuery();
    }
}

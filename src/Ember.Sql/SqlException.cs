namespace Ember.Sql;

/// <summary>
/// DuckDB refused a statement: a syntax error, an unknown table or column, a failed cast, a file it could not read.
/// The message names the statement and quotes DuckDB's own message.
/// </summary>
public sealed class SqlException : Exception
{
    /// <summary>Creates the error for <paramref name="statement"/> from DuckDB's <paramref name="innerException"/>.</summary>
    public SqlException(string statement, Exception innerException)
        : base($"DuckDB could not run `{statement}`: {innerException.Message}", innerException)
    {
        Statement = statement;
    }

    /// <summary>The SQL text that failed.</summary>
    public string Statement { get; }
}

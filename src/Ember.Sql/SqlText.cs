namespace Ember.Sql;

/// <summary>Quoting for names and literals spliced into DuckDB statements.</summary>
internal static class SqlText
{
    /// <summary><paramref name="name"/> as a quoted identifier, so any name (a keyword, a space) is taken literally.</summary>
    public static string Identifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary><paramref name="text"/> as a string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}

namespace Ember.Sql;

/// <summary>
/// One row of a query result, with its column names (Spark's <c>Row</c>). SQL NULL reads as <see langword="null"/>;
/// other values have the .NET type DuckDB.NET gives their column (BIGINT as <see cref="long"/>, DECIMAL as
/// <see cref="decimal"/>, TIMESTAMP as <see cref="DateTime"/>, HUGEINT as <see cref="System.Numerics.BigInteger"/>).
/// </summary>
public sealed class SqlRow
{
    private readonly object?[] values;

    internal SqlRow(IReadOnlyList<string> columns, object?[] values)
    {
        Columns = columns;
        this.values = values;
    }

    /// <summary>The column names, in the order of the query's select list.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The value of the column at <paramref name="ordinal"/>.</summary>
    public object? this[int ordinal] => values[ordinal];

    /// <summary>The value of the column named <paramref name="column"/> (case-insensitive, as in SQL); an unknown name throws naming it.</summary>
    public object? this[string column] => values[Ordinal(column)];

    /// <summary>The value of <paramref name="column"/> as <typeparamref name="T"/>, converting numbers when they fit (a BIGINT count read as <see cref="int"/>).</summary>
    public T Get<T>(string column)
    {
        var value = this[column];
        if (value is null)
        {
            return default(T) is null ? default! : throw new InvalidCastException($"Column '{column}' is NULL and cannot be read as {typeof(T).Name}.");
        }
        var targetType = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        var convert = ValueConversions.For(value.GetType(), targetType)
            ?? throw new InvalidCastException($"Column '{column}' holds a {value.GetType().Name}, which cannot be read as {typeof(T).Name}.");
        return (T)convert(value);
    }

    /// <summary>The row as <c>{column: value, ...}</c>.</summary>
    public override string ToString() =>
        "{" + string.Join(", ", Columns.Select((column, i) => $"{column}: {values[i] ?? "NULL"}")) + "}";

    private int Ordinal(string column)
    {
        for (var i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i], column, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new KeyNotFoundException($"No column '{column}' in the row; its columns are {string.Join(", ", Columns)}.");
    }
}

using System.Linq.Expressions;
using System.Reflection;
using DuckDB.NET.Data;

namespace Ember.Sql;

/// <summary>
/// The table a record type loads into: its columns (see <see cref="RecordShape"/>), their DuckDB types, and one
/// compiled delegate that appends a record as a row. Value types are NOT NULL unless nullable; strings are NOT NULL only
/// when declared non-nullable (<c>string</c>, not <c>string?</c>) in a type with nullable annotations.
/// </summary>
internal sealed class RecordSchema<T>
{
    private static readonly Lazy<RecordSchema<T>> Shared = new(() => new RecordSchema<T>());
    private static readonly MethodInfo EndRow = typeof(IDuckDBAppenderRow).GetMethod(nameof(IDuckDBAppenderRow.EndRow))!;
    private static readonly MethodInfo ExactDecimal = typeof(SqlColumnTypes).GetMethod(nameof(SqlColumnTypes.ExactDecimal))!;

    private readonly Action<IDuckDBAppenderRow, T> appendRow;

    private RecordSchema()
    {
        var row = Expression.Parameter(typeof(IDuckDBAppenderRow), "row");
        var record = Expression.Parameter(typeof(T), "record");
        var nullability = new NullabilityInfoContext();
        var columns = new List<string>();
        Expression chain = row;
        if (RecordShape.IsScalar(typeof(T)))
        {
            columns.Add(Column(RecordShape.ScalarColumn, typeof(T), nullableReference: true));
            chain = Append(chain, record, typeof(T), RecordShape.ScalarColumn);
        }
        else
        {
            foreach (var member in RecordShape.Members(typeof(T)))
            {
                var type = RecordShape.TypeOf(member);
                if (!SqlColumnTypes.IsSupported(type))
                {
                    throw new NotSupportedException(
                        $"Cannot map {RecordShape.Describe(typeof(T))} to SQL columns: member '{member.Name}' has type {RecordShape.Describe(type)}, " +
                        $"which has no SQL column type (supported: {SqlColumnTypes.Supported}).");
                }
                var state = member is PropertyInfo property ? nullability.Create(property).ReadState : nullability.Create((FieldInfo)member).ReadState;
                columns.Add(Column(member.Name, type, nullableReference: state != NullabilityState.NotNull));
                chain = Append(chain, Expression.MakeMemberAccess(record, member), type, member.Name);
            }
        }
        ColumnDefinitions = string.Join(", ", columns);
        appendRow = Expression.Lambda<Action<IDuckDBAppenderRow, T>>(Expression.Call(chain, EndRow), row, record).Compile();
    }

    /// <summary>The schema of <typeparamref name="T"/>; throws <see cref="NotSupportedException"/> naming the member that has no column type.</summary>
    public static RecordSchema<T> Get() => Shared.Value;

    private string ColumnDefinitions { get; }

    /// <summary>
    /// Creates <paramref name="table"/> (a temporary table of this connection, or a table of the session that replaces
    /// any of that name) and fills it with <paramref name="records"/> through one appender, which DuckDB writes in bulk.
    /// A rejected row (NULL in a NOT NULL column) throws <see cref="SqlException"/> naming the table.
    /// </summary>
    public void Load(DuckDBConnection connection, string table, bool temporary, IEnumerable<T> records)
    {
        DuckDbCommands.Execute(connection, $"{(temporary ? "CREATE TEMP TABLE" : "CREATE OR REPLACE TABLE")} {SqlText.Identifier(table)} ({ColumnDefinitions})");
        try
        {
            using var appender = temporary ? connection.CreateAppender("temp", "main", table) : connection.CreateAppender(table);
            foreach (var record in records)
            {
                appendRow(appender.CreateRow(), record);
            }
        }
        catch (DuckDBException error)
        {
            throw new SqlException($"append to {table}", error);
        }
    }

    private static string Column(string name, Type type, bool nullableReference)
    {
        var notNull = type.IsValueType ? Nullable.GetUnderlyingType(type) is null : !nullableReference;
        var sqlType = SqlColumnTypes.For(Nullable.GetUnderlyingType(type) ?? type).SqlType;
        return $"{SqlText.Identifier(name)} {sqlType}{(notNull ? " NOT NULL" : "")}";
    }

    private static MethodCallExpression Append(Expression chain, Expression value, Type type, string member)
    {
        var appendType = SqlColumnTypes.For(Nullable.GetUnderlyingType(type) ?? type).AppendType;
        var argumentType = appendType.IsValueType ? typeof(Nullable<>).MakeGenericType(appendType) : appendType;
        Expression argument = Expression.Convert(value, argumentType);
        if (appendType == typeof(decimal))
        {
            argument = Expression.Call(ExactDecimal, argument, Expression.Constant(member));
        }
        var method = typeof(IDuckDBAppenderRow).GetMethod(nameof(IDuckDBAppenderRow.AppendValue), [argumentType])!;
        return Expression.Call(chain, method, argument);
    }
}

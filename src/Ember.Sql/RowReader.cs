using System.Collections.Concurrent;
using System.Data.Common;
using System.Linq.Expressions;
using System.Reflection;

namespace Ember.Sql;

/// <summary>
/// Builds <typeparamref name="T"/> from the rows of a query result, by column name (case-insensitive, as SQL names
/// are): through the public constructor whose parameters all name columns (the one with most parameters), then the
/// settable properties and fields the constructor did not cover. Every parameter and settable member needs a column;
/// extra columns are ignored. A scalar takes the result's only column, a value tuple the columns in order, and
/// <see cref="SqlRow"/> takes the row as it is. Readers are cached per result shape.
/// </summary>
internal sealed class RowReader<T>
{
    private static readonly ConcurrentDictionary<string, RowReader<T>> Cache = new();

    private readonly Func<DbDataReader, object?>[] getters;
    private readonly Func<object?[], T> create;

    private RowReader(DbDataReader result)
    {
        var columns = Enumerable.Range(0, result.FieldCount).Select(result.GetName).ToArray();
        if (typeof(T) == typeof(SqlRow))
        {
            getters = [.. Enumerable.Range(0, columns.Length).Select(ordinal => Getter(result, ordinal, typeof(object), columns[ordinal]))];
            create = values => (T)(object)new SqlRow(columns, values);
            return;
        }
        var targets = Targets(columns);
        getters = [.. targets.Select(target => Getter(result, target.Ordinal, target.Type, target.Name))];
        create = Factory(targets);
    }

    /// <summary>The reader for <paramref name="result"/>'s columns; throws <see cref="NotSupportedException"/> naming what does not line up.</summary>
    public static RowReader<T> For(DbDataReader result)
    {
        var shape = string.Join('\n', Enumerable.Range(0, result.FieldCount).Select(i => result.GetName(i) + "\t" + result.GetFieldType(i).FullName));
        return Cache.GetOrAdd(shape, _ => new RowReader<T>(result));
    }

    /// <summary>Reads every remaining row of <paramref name="result"/>.</summary>
    public List<T> ReadAll(DbDataReader result)
    {
        var rows = new List<T>();
        while (result.Read())
        {
            var values = new object?[getters.Length];
            for (var i = 0; i < getters.Length; i++)
            {
                values[i] = getters[i](result);
            }
            rows.Add(create(values));
        }
        return rows;
    }

    private static List<Target> Targets(string[] columns)
    {
        var type = typeof(T);
        if (RecordShape.IsScalar(type))
        {
            return columns.Length == 1
                ? [new Target(0, type, RecordShape.Describe(type), null)]
                : throw Mismatch($"a scalar needs exactly one column, and the result has {columns.Length}: {string.Join(", ", columns)}");
        }
        if (RecordShape.IsTuple(type))
        {
            var items = RecordShape.Members(type);
            return items.Count == columns.Length
                ? [.. items.Select((item, i) => new Target(i, RecordShape.TypeOf(item), item.Name, null))]
                : throw Mismatch($"its {items.Count} items need as many columns, and the result has {columns.Length}: {string.Join(", ", columns)}");
        }
        int? Ordinal(string name)
        {
            var ordinal = Array.FindIndex(columns, column => string.Equals(column, name, StringComparison.OrdinalIgnoreCase));
            return ordinal < 0 ? null : ordinal;
        }
        var constructor = type.GetConstructors()
            .Where(candidate => candidate.GetParameters().All(parameter => Ordinal(parameter.Name!) is not null))
            .MaxBy(candidate => candidate.GetParameters().Length);
        if (constructor is null && !type.IsValueType)
        {
            var missing = type.GetConstructors().MaxBy(candidate => candidate.GetParameters().Length)?.GetParameters()
                .Where(parameter => Ordinal(parameter.Name!) is null).Select(parameter => $"'{parameter.Name}'");
            throw Mismatch(missing is null
                ? "it has no public constructor"
                : $"the result has no column for constructor parameter {string.Join(", ", missing)} (columns: {string.Join(", ", columns)})");
        }
        var parameters = constructor?.GetParameters() ?? [];
        var targets = parameters.Select(parameter => new Target(Ordinal(parameter.Name!)!.Value, parameter.ParameterType, parameter.Name!, null)).ToList();
        var covered = parameters.Select(parameter => parameter.Name!).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var member in Settable(type).Where(member => !covered.Contains(member.Name)))
        {
            var ordinal = Ordinal(member.Name) ?? throw Mismatch($"the result has no column for member '{member.Name}' (columns: {string.Join(", ", columns)})");
            targets.Add(new Target(ordinal, RecordShape.TypeOf(member), member.Name, member));
        }
        return targets;
    }

    private static IEnumerable<MemberInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0)
            .Cast<MemberInfo>()
            .Concat(type.GetFields(BindingFlags.Public | BindingFlags.Instance).Where(field => !field.IsInitOnly));

    private static Func<object?[], T> Factory(List<Target> targets)
    {
        var values = Expression.Parameter(typeof(object?[]), "values");
        Expression Value(int index) => Expression.Convert(Expression.ArrayIndex(values, Expression.Constant(index)), targets[index].Type);
        Expression body;
        if (RecordShape.IsScalar(typeof(T)))
        {
            body = Value(0);
        }
        else
        {
            var arguments = targets.Select((target, index) => (target, index)).Where(pair => pair.target.Member is null).Select(pair => Value(pair.index)).ToList();
            var constructor = typeof(T).GetConstructor([.. targets.Where(target => target.Member is null).Select(target => target.Type)]);
            var created = constructor is null ? Expression.New(typeof(T)) : Expression.New(constructor, arguments);
            var bindings = targets.Select((target, index) => (target, index))
                .Where(pair => pair.target.Member is not null)
                .Select(pair => (MemberBinding)Expression.Bind(pair.target.Member!, Value(pair.index)));
            body = Expression.MemberInit(created, bindings);
        }
        return Expression.Lambda<Func<object?[], T>>(body, values).Compile();
    }

    private static Func<DbDataReader, object?> Getter(DbDataReader result, int ordinal, Type target, string member)
    {
        var column = result.GetName(ordinal);
        var source = result.GetFieldType(ordinal);
        var underlying = Nullable.GetUnderlyingType(target) ?? target;
        var allowsNull = !target.IsValueType || underlying != target;
        var convert = ValueConversions.For(source, underlying)
            ?? throw Mismatch($"column '{column}' ({result.GetDataTypeName(ordinal)}, read as {source.Name}) cannot become '{member}' of type {RecordShape.Describe(target)}");
        return row =>
        {
            if (row.IsDBNull(ordinal))
            {
                return allowsNull ? null : throw new InvalidCastException($"Column '{column}' is NULL, and '{member}' of {RecordShape.Describe(typeof(T))} is not nullable.");
            }
            try
            {
                return convert(row.GetValue(ordinal));
            }
            catch (OverflowException error)
            {
                throw new OverflowException($"Column '{column}' holds {row.GetValue(ordinal)}, which does not fit '{member}' of type {RecordShape.Describe(target)}.", error);
            }
        };
    }

    private static NotSupportedException Mismatch(string reason) =>
        new($"Cannot map the query result to {RecordShape.Describe(typeof(T))}: {reason}.");

    /// <summary>Where a constructor argument (<see cref="Member"/> null) or a settable member takes its value from.</summary>
    private sealed record Target(int Ordinal, Type Type, string Name, MemberInfo? Member);
}

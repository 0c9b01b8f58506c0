using System.Numerics;

namespace Ember.Sql;

/// <summary>
/// The DuckDB column type of each supported .NET type, and the type the DuckDB.NET appender takes for it. Every
/// integer type keeps its width and sign; <see cref="Int128"/> and <see cref="UInt128"/> go through
/// <see cref="BigInteger"/>, the appender's only 128-bit form.
/// </summary>
internal static class SqlColumnTypes
{
    /// <summary>
    /// DECIMAL's scale. DuckDB decimals hold at most 38 digits and .NET decimals up to 28 fractional ones, so no single
    /// scale holds every .NET decimal: 18 keeps 20 integer digits, and a value needing more is refused, not rounded.
    /// </summary>
    public const int DecimalScale = 18;

    private static readonly decimal DecimalLimit = 100_000_000_000_000_000_000m;

    private static readonly Dictionary<Type, (string SqlType, Type AppendType)> Types = new()
    {
        [typeof(sbyte)] = ("TINYINT", typeof(sbyte)),
        [typeof(byte)] = ("UTINYINT", typeof(byte)),
        [typeof(short)] = ("SMALLINT", typeof(short)),
        [typeof(ushort)] = ("USMALLINT", typeof(ushort)),
        [typeof(int)] = ("INTEGER", typeof(int)),
        [typeof(uint)] = ("UINTEGER", typeof(uint)),
        [typeof(long)] = ("BIGINT", typeof(long)),
        [typeof(ulong)] = ("UBIGINT", typeof(ulong)),
        [typeof(Int128)] = ("HUGEINT", typeof(BigInteger)),
        [typeof(UInt128)] = ("UHUGEINT", typeof(BigInteger)),
        [typeof(float)] = ("FLOAT", typeof(float)),
        [typeof(double)] = ("DOUBLE", typeof(double)),
        [typeof(decimal)] = ($"DECIMAL(38, {DecimalScale})", typeof(decimal)),
        [typeof(bool)] = ("BOOLEAN", typeof(bool)),
        [typeof(string)] = ("VARCHAR", typeof(string)),
        [typeof(DateTime)] = ("TIMESTAMP", typeof(DateTime)),
        [typeof(DateTimeOffset)] = ("TIMESTAMPTZ", typeof(DateTimeOffset)),
        [typeof(Guid)] = ("UUID", typeof(Guid)),
    };

    /// <summary>The supported types, for error messages.</summary>
    public static string Supported { get; } = string.Join(", ", Types.Keys.Select(type => type.Name)) + " and their nullable forms";

    /// <summary>True when <paramref name="type"/>, or the type it makes nullable, has a column type.</summary>
    public static bool IsSupported(Type type) => Types.ContainsKey(Nullable.GetUnderlyingType(type) ?? type);

    /// <summary>The column type and appender argument type of <paramref name="type"/> (not nullable), which must be supported.</summary>
    public static (string SqlType, Type AppendType) For(Type type) => Types[type];

    /// <summary>
    /// <paramref name="value"/> unchanged when DECIMAL(38, 18) holds it exactly; else throws naming
    /// <paramref name="member"/>, since the appender would silently round it.
    /// </summary>
    public static decimal? ExactDecimal(decimal? value, string member)
    {
        if (value is { } number && (Math.Abs(number) >= DecimalLimit || decimal.Round(number, DecimalScale) != number))
        {
            throw new OverflowException(
                $"Member '{member}' holds {number}, which DECIMAL(38, {DecimalScale}) cannot hold exactly (at most 20 integer and {DecimalScale} fractional digits).");
        }
        return value;
    }
}

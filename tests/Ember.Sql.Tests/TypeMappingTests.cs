namespace Ember.Sql.Tests;

/// <summary>Every supported .NET type round-trips through a table with its exact DuckDB type, NOT NULL unless nullable.</summary>
public sealed class TypeMappingTests : IDisposable
{
    private readonly EmberContext ember = new(new EmberOptions { Master = "local[2]" });
    private readonly SqlSession session;

    public TypeMappingTests() => session = new SqlSession(ember);

    public sealed record AllTypes(
        sbyte SByte, byte Byte, short Short, ushort UShort, int Int, uint UInt, long Long, ulong ULong, Int128 Huge, UInt128 UHuge,
        float Float, double Double, decimal Decimal, bool Bool, string Text, DateTime Timestamp, DateTimeOffset Instant, Guid Id);

    public sealed record AllNullable(
        sbyte? SByte, byte? Byte, short? Short, ushort? UShort, int? Int, uint? UInt, long? Long, ulong? ULong, Int128? Huge, UInt128? UHuge,
        float? Float, double? Double, decimal? Decimal, bool? Bool, string? Text, DateTime? Timestamp, DateTimeOffset? Instant, Guid? Id);

    private static readonly AllTypes Extremes = new(
        sbyte.MinValue, byte.MaxValue, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue, Int128.MinValue, UInt128.MaxValue,
        float.MaxValue, double.Epsilon, -99_999_999_999_999_999_999.99999999m, true, "héllo, \"world\"",
        new DateTime(2024, 2, 29, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(1_234_560),
        new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(6_543_210),
        Guid.Parse("0b9a3d1e-7f6a-4a39-9d0c-9f1e2b3c4d5e"));

    private static readonly AllTypes Ordinary = new(
        1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 1.5f, -2.25, -0.000000000000000001m, false, "",
        new DateTime(1970, 1, 1), new DateTimeOffset(1999, 12, 31, 12, 0, 0, TimeSpan.Zero), Guid.Empty);

    [Fact]
    public void ToTable_EveryType_RoundTripsExactly()
    {
        ember.Parallelize([Extremes, Ordinary]).ToTable(session, "everything");

        var back = session.Sql<AllTypes>("SELECT * FROM everything ORDER BY Int").Collect();

        Assert.Equal([Extremes, Ordinary], back);
    }

    [Fact]
    public void ToTable_EveryType_HasItsExactColumnTypeAndNotNull()
    {
        ember.Parallelize([Ordinary]).ToTable(session, "everything");
        ember.Parallelize([Nulls()]).ToTable(session, "nullable");

        var columns = Columns("everything");
        var nullable = Columns("nullable");

        Assert.Equal(
            ["SByte TINYINT NO", "Byte UTINYINT NO", "Short SMALLINT NO", "UShort USMALLINT NO", "Int INTEGER NO", "UInt UINTEGER NO",
             "Long BIGINT NO", "ULong UBIGINT NO", "Huge HUGEINT NO", "UHuge UHUGEINT NO", "Float FLOAT NO", "Double DOUBLE NO",
             "Decimal DECIMAL(38,18) NO", "Bool BOOLEAN NO", "Text VARCHAR NO", "Timestamp TIMESTAMP NO",
             "Instant TIMESTAMP WITH TIME ZONE NO", "Id UUID NO"],
            columns);
        Assert.Equal(columns.Select(column => column[..^2] + "YES"), nullable);
    }

    [Fact]
    public void ToTable_NullableTypes_RoundTripNullsAndValues()
    {
        var values = new AllNullable(
            -1, 1, -2, 2, -3, 3, -4, 4, -5, 5, 0.5f, 0.25, 12.5m, true, "x",
            new DateTime(2020, 1, 1), new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), Guid.Parse("00000000-0000-0000-0000-000000000001"));
        ember.Parallelize([Nulls(), values]).ToTable(session, "nullable");

        var back = session.Sql<AllNullable>("SELECT * FROM nullable ORDER BY Int NULLS FIRST").Collect();

        Assert.Equal([Nulls(), values], back);
    }

    [Fact]
    public void ToTable_DateTimeOffset_KeepsTheInstantInUtc()
    {
        var local = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.FromHours(2));
        ember.Parallelize([local]).ToTable(session, "instants");

        var back = session.Sql<DateTimeOffset>("SELECT value FROM instants").Collect().Single();

        Assert.Equal(local, back);
        Assert.Equal(TimeSpan.Zero, back.Offset);
    }

    [Fact]
    public void ToTable_TupleAndScalar_ColumnsItemNAndValue()
    {
        ember.Parallelize([("a", 1L), ("b", 2L)]).ToTable(session, "pairs");
        ember.Parallelize(["x", null, "y"]).ToTable(session, "words");

        var pairs = session.Sql<(string, long)>("SELECT Item1, Item2 * 10 FROM pairs ORDER BY Item1").Collect();
        var words = session.Sql<string?>("SELECT value FROM words ORDER BY value NULLS LAST").Collect();

        Assert.Equal([("a", 10L), ("b", 20L)], pairs);
        Assert.Equal(["x", "y", null], words);
    }

    [Fact]
    public void ToTable_DecimalWithMoreThan18FractionalDigits_ThrowsInsteadOfRounding()
    {
        var error = Assert.Throws<OverflowException>(() => ember.Parallelize([new Priced(0.0000000000000000001m)]).ToTable(session, "prices"));

        Assert.Contains("'Price'", error.Message);
    }

    [Fact]
    public void ToTable_SecondLoad_ReplacesTheTable()
    {
        ember.Parallelize([1, 2, 3]).ToTable(session, "numbers");
        ember.Parallelize([10]).ToTable(session, "numbers");

        Assert.Equal([10], session.Sql<int>("SELECT value FROM numbers").Collect());
    }

    [Fact]
    public void ToTable_NullInNonNullableString_ThrowsNamingTheColumn()
    {
        var error = Assert.Throws<SqlException>(() => ember.Parallelize([new Named(null!)]).ToTable(session, "names"));

        Assert.Contains("Name", error.Message);
        Assert.Contains("NOT NULL", error.Message);
    }

    public sealed record Priced(decimal Price);

    public sealed record Named(string Name);

    private static AllNullable Nulls() => new(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    private List<string> Columns(string table) =>
        [.. session.Sql($"SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '{table}' ORDER BY ordinal_position")
            .Select(row => $"{row[0]} {row[1]} {row[2]}")];

    public void Dispose()
    {
        session.Dispose();
        ember.Dispose();
    }
}

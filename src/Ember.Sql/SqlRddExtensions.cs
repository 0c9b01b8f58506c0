namespace Ember.Sql;

/// <summary>Loads an RDD into a SQL table (Spark's <c>rdd.toDF().createOrReplaceTempView(name)</c>).</summary>
public static class SqlRddExtensions
{
    /// <summary>
    /// Runs a job that collects <paramref name="rdd"/> and loads it, in bulk through DuckDB's appender, into
    /// <paramref name="table"/> of <paramref name="session"/>, replacing any table of that name atomically. Columns:
    /// a record's public properties then public fields, in declaration order; a value tuple's items as <c>Item1</c>,
    /// <c>Item2</c>, ...; a scalar as <c>value</c>. Types: every integer type at its own width and sign (Int128 as
    /// HUGEINT), float, double, decimal as DECIMAL(38, 18) (a value it cannot hold exactly throws
    /// <see cref="OverflowException"/>), bool, string, DateTime as TIMESTAMP and DateTimeOffset as TIMESTAMPTZ (both to
    /// the microsecond, as Spark's; a DateTimeOffset keeps its instant, not its offset, and a DateTime reads back with an
    /// unspecified kind), Guid as UUID. Nullable types give
    /// nullable columns, others NOT NULL. A type that cannot be mapped throws <see cref="NotSupportedException"/> naming
    /// the member, before the job runs.
    /// </summary>
    public static void ToTable<T>(this Rdd<T> rdd, SqlSession session, string table)
    {
        Validate(rdd, session, table);
        session.Load(table, rdd.Collect());
    }

    /// <summary>As <see cref="ToTable{T}"/>, without blocking while the job runs.</summary>
    public static async Task ToTableAsync<T>(this Rdd<T> rdd, SqlSession session, string table, CancellationToken cancellationToken = default)
    {
        Validate(rdd, session, table);
        session.Load(table, await rdd.CollectAsync(cancellationToken).ConfigureAwait(false));
    }

    private static void Validate<T>(Rdd<T> rdd, SqlSession session, string table)
    {
        ArgumentNullException.ThrowIfNull(rdd);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        RecordSchema<T>.Get();
    }
}

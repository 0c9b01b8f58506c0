using System.Reflection;
using Ember.Streaming;

namespace Ember.Sql;

/// <summary>SQL on each batch of a stream (Spark's <c>foreachRDD { rdd.toDF().createOrReplaceTempView(...); spark.sql(...) }</c>, as one operator).</summary>
public static class SqlDStreamExtensions
{
    private static readonly MethodInfo PerBatch = typeof(SqlDStreamExtensions).GetMethod(nameof(SqlPerBatch), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>
    /// Runs <paramref name="query"/> on every batch, where the table <c>batch</c> holds that batch's records (columns
    /// as <see cref="SqlRddExtensions.ToTable"/> makes them) and every table of the context's
    /// <see cref="SqlSession.For">session</see> can be joined; each row of the result becomes a
    /// <typeparamref name="TResult"/> (mapped as <see cref="SqlSession.Sql{T}"/> maps it, or a <see cref="SqlRow"/>).
    /// An empty batch is an empty table, so aggregates without GROUP BY still give their row.
    /// Stateless, no checkpoint; each batch's records go to DuckDB in one task (no shuffle), and DuckDB runs the query
    /// on its own threads. Register the tables the query joins before calling this: the query runs once on an empty
    /// batch now, so a record type that cannot be mapped throws <see cref="NotSupportedException"/> naming the member,
    /// and bad SQL throws <see cref="SqlException"/> naming the query, before the context starts.
    /// </summary>
    public static DStream<TResult> Sql<TResult>(this DStream stream, string query)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        var recordType = RecordType(stream.GetType());
        return (DStream<TResult>)PerBatch.MakeGenericMethod(recordType, typeof(TResult))
            .Invoke(null, BindingFlags.DoNotWrapExceptions, null, [stream, query], null)!;
    }

    private static DStream<TResult> SqlPerBatch<T, TResult>(DStream<T> stream, string query)
    {
        var batchQuery = new BatchQuery<T, TResult>(SqlSession.For(stream.Context), query);
        // The union with one empty partition gives an empty batch its one task, so the query still runs on it.
        return stream.Transform(rdd => rdd.Union(rdd.Context.Parallelize(Array.Empty<T>(), 1)).Coalesce(1).MapPartitions(batchQuery.Run));
    }

    private static Type RecordType(Type streamType)
    {
        for (var type = streamType; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(DStream<>))
            {
                return type.GetGenericArguments()[0];
            }
        }
        throw new ArgumentException($"{streamType} is not a DStream<T>.", nameof(streamType));
    }
}

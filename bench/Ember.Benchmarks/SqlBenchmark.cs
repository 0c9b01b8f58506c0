using System.Diagnostics;
using System.Text;
using DuckDB.NET.Data;
using Ember.Benchmarks.SideBySide;
using Ember.Sql;
using Ember.Streaming;

namespace Ember.Benchmarks;

/// <summary>
/// What SQL on micro-batches costs: a batch's <c>stream.Sql</c> from the tick that generates it to its completion,
/// against the same records appended and queried by hand on a DuckDB connection (the least any program doing this
/// work in DuckDB pays), and the rate at which <c>ToTable</c> loads an RDD.
/// </summary>
internal static class SqlBenchmark
{
    private const string Query = "SELECT product, count(*) AS n, sum(quantity * price) AS revenue FROM batch GROUP BY product";
    private const int Batches = 30;
    private const int WarmUp = 5;
    private const int TableRows = 1_000_000;

    public sealed record Sale(long Id, string Product, int Quantity, double Price);

    public sealed record ProductRevenue(string Product, long N, double Revenue);

    /// <summary>Runs the benchmark, prints the report and writes it under bench/results; returns the exit code.</summary>
    public static int RunAndWrite()
    {
        var markdown = Run();
        Console.WriteLine(markdown);
        Console.WriteLine($"Written to {Report.Write(markdown, DateTime.Now, "sql")}");
        return 0;
    }

    private static string Run()
    {
        var text = new StringBuilder();
        text.AppendLine("# SQL on micro-batches: per-batch overhead against DuckDB alone, and ToTable throughput");
        text.AppendLine();
        text.AppendLine($"- Command: `dotnet run -c Release --project bench/Ember.Benchmarks -- sql`; {Environment.ProcessorCount} logical cores; Ember on local[2], batches of 1 s on a fake clock, run back to back");
        text.AppendLine($"- Query: `{Query}` over records `Sale(long Id, string Product, int Quantity, double Price)`, 1,000 products");
        text.AppendLine("- Ember: `stream.Sql<ProductRevenue>(query).ForEachRdd(Collect)`, from the clock tick to the batch-completed event (generation, scheduling, load, query, collect)");
        text.AppendLine("- DuckDB alone: the same records appended to a temporary table with DuckDB.NET's appender on one connection, then the query read into the same records; and the query alone on data already loaded");
        text.AppendLine($"- Medians of {Batches} batches after {WarmUp} warm-up ones");
        text.AppendLine();
        text.AppendLine("| Records per batch | Ember stream.Sql | DuckDB: append + query | DuckDB: query only | Ember / (append + query) | Ember − (append + query) |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var size in (int[])[1_000, 100_000])
        {
            var sales = Sales(size);
            var ember = Statistics.Median(QueuedBatchLatencies.Measure(nameof(SqlBenchmark), sales, stream => stream.Sql<ProductRevenue>(Query).ForEachRdd(rdd => rdd.Collect()), Batches, WarmUp));
            var (appendAndQuery, queryOnly) = DuckDbAlone(sales);
            text.AppendLine($"| {size:N0} | {ember:F2} ms | {appendAndQuery:F2} ms | {queryOnly:F2} ms | {ember / appendAndQuery:F2}× | {ember - appendAndQuery:F2} ms |");
        }
        var rowsPerSecond = ToTableRowsPerSecond();
        text.AppendLine();
        text.AppendLine($"`ToTable` of a {TableRows:N0}-record RDD in 4 partitions (collect, then one appender): {rowsPerSecond:N0} rows/s (median of 3)");
        return text.ToString();
    }

    private static (double AppendAndQuery, double QueryOnly) DuckDbAlone(Sale[] sales)
    {
        using var database = new DuckDBConnection("DataSource=:memory:");
        database.Open();
        var appendAndQuery = new List<double>();
        var queryOnly = new List<double>();
        for (var batch = 0; batch < WarmUp + Batches; batch++)
        {
            using var connection = database.Duplicate();
            connection.Open();
            var stopwatch = Stopwatch.StartNew();
            using (var create = connection.CreateCommand())
            {
                create.CommandText = "CREATE TEMP TABLE batch (id BIGINT NOT NULL, product VARCHAR NOT NULL, quantity INTEGER NOT NULL, price DOUBLE NOT NULL)";
                create.ExecuteNonQuery();
            }
            using (var appender = connection.CreateAppender("temp", "main", "batch"))
            {
                foreach (var sale in sales)
                {
                    appender.CreateRow().AppendValue(sale.Id).AppendValue(sale.Product).AppendValue(sale.Quantity).AppendValue(sale.Price).EndRow();
                }
            }
            var loaded = stopwatch.Elapsed.TotalMilliseconds;
            GC.KeepAlive(RunQuery(connection));
            if (batch >= WarmUp)
            {
                appendAndQuery.Add(stopwatch.Elapsed.TotalMilliseconds);
                queryOnly.Add(stopwatch.Elapsed.TotalMilliseconds - loaded);
            }
        }
        return (Statistics.Median(appendAndQuery), Statistics.Median(queryOnly));
    }

    private static List<ProductRevenue> RunQuery(DuckDBConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Query;
        using var reader = command.ExecuteReader();
        var rows = new List<ProductRevenue>();
        while (reader.Read())
        {
            rows.Add(new ProductRevenue(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2)));
        }
        return rows;
    }

    private static double ToTableRowsPerSecond()
    {
        using var ember = new EmberContext(new EmberOptions { Master = "local[2]", AppName = "SqlBenchmark" });
        using var session = new SqlSession(ember);
        var rdd = ember.Parallelize(Sales(TableRows), 4);
        var rates = new List<double>();
        for (var run = 0; run < 3; run++)
        {
            var stopwatch = Stopwatch.StartNew();
            rdd.ToTable(session, "sales");
            rates.Add(TableRows / stopwatch.Elapsed.TotalSeconds);
        }
        return Statistics.Median(rates);
    }

    private static Sale[] Sales(int count)
    {
        var random = new Random(7);
        return [.. Enumerable.Range(0, count).Select(i => new Sale(i, $"p{random.Next(1_000)}", random.Next(1, 10), Math.Round(random.NextDouble() * 100, 2)))];
    }
}

namespace Ember.Sql.Tests;

/// <summary>Queries on a session: typed and untyped results, static files, errors, and isolation of concurrent batches.</summary>
public sealed class SqlSessionTests : IDisposable
{
    private readonly EmberContext ember = new(new EmberOptions { Master = "local[2]" });
    private readonly SqlSession session;

    public SqlSessionTests() => session = new SqlSession(ember);

    public sealed class Settable
    {
        public string Name { get; set; } = "";

        public int Size;
    }

    public sealed record Event(int Stream, int Value);

    [Fact]
    public void Sql_BadSql_ThrowsNamingTheQueryAndDuckDbsMessage()
    {
        var error = Assert.Throws<SqlException>(() => session.Sql("SELEC 1"));

        Assert.Equal("SELEC 1", error.Statement);
        Assert.Contains("`SELEC 1`", error.Message);
        Assert.Contains("syntax error", error.Message);
    }

    [Fact]
    public void SqlOfT_ClassWithSettableMembers_MapsByColumnName()
    {
        var rows = session.Sql<Settable>("SELECT 3 AS size, 'abc' AS name").Collect();

        Assert.Equal(("abc", 3), (rows.Single().Name, rows.Single().Size));
    }

    [Fact]
    public void SqlOfT_ValueTooLargeForMember_ThrowsNamingColumnAndMember()
    {
        var error = Assert.Throws<OverflowException>(() => session.Sql<Event>("SELECT 1 AS stream, 5000000000 AS value"));

        Assert.Contains("'value'", error.Message);
        Assert.Contains("'Value'", error.Message);
    }

    [Fact]
    public void RegisterParquet_File_IsJoinableLikeATable()
    {
        var parquet = Path.Combine(Path.GetTempPath(), $"ember-sql-{Guid.NewGuid():N}.parquet");
        try
        {
            session.Sql($"COPY (SELECT range AS id, 'n' || range AS label FROM range(3)) TO '{parquet}' (FORMAT parquet)");
            session.RegisterParquet("labels", parquet);
            ember.Parallelize([2L, 0L]).ToTable(session, "wanted");

            var labels = session.Sql<string>("SELECT label FROM wanted JOIN labels ON wanted.value = labels.id ORDER BY label").Collect();

            Assert.Equal(["n0", "n2"], labels);
        }
        finally
        {
            File.Delete(parquet);
        }
    }

    [Fact]
    public void RegisterCsv_MissingFile_ThrowsNamingTheStatement()
    {
        var error = Assert.Throws<SqlException>(() => session.RegisterCsv("missing", "/nonexistent/ember.csv"));

        Assert.Contains("/nonexistent/ember.csv", error.Message);
    }

    [Fact]
    public void ToTable_UnmappableRecord_ThrowsNamingTheMemberBeforeAnyJob()
    {
        var rdd = ember.Parallelize([0]).Map<(string, int[])>(_ => throw new InvalidOperationException("the job ran"));

        var error = Assert.Throws<NotSupportedException>(() => rdd.ToTable(session, "arrays"));

        Assert.Contains("member 'Item2'", error.Message);
    }

    [Fact]
    public async Task ToTableAsync_PartitionedRdd_LoadsEveryRecord()
    {
        await ember.Parallelize(Enumerable.Range(1, 10_000), 4).ToTableAsync(session, "numbers");

        var row = session.Sql("SELECT count(*) AS n, sum(value) AS total FROM numbers").Single();

        Assert.Equal((10_000L, 50_005_000L), (row.Get<long>("n"), row.Get<long>("total")));
    }

    [Fact]
    public void BatchQuery_ConcurrentBatches_EachSeesOnlyItsOwnRecords()
    {
        var query = new BatchQuery<Event, long>(session, "SELECT sum(value) FROM batch");
        var batches = Enumerable.Range(0, 16).Select(stream => Enumerable.Range(1, 1000).Select(value => new Event(stream, value * (stream + 1))).ToList()).ToList();

        var sums = new long[batches.Count];
        Parallel.For(0, batches.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => sums[i] = query.Run(batches[i]).Single());

        Assert.Equal(batches.Select(batch => batch.Sum(e => (long)e.Value)), sums);
    }

    public void Dispose()
    {
        session.Dispose();
        ember.Dispose();
    }
}

using Ember.Streaming;
using Ember.Streaming.Testing;

namespace Ember.Sql.Tests;

/// <summary><c>stream.Sql</c> gives, batch by batch, what LINQ gives over the same batches.</summary>
public sealed class StreamSqlTests
{
    public sealed record Click(string Word, int Score, string? Page);

    public sealed record WordCount(string Word, long N);

    public sealed record WordTotal(string Word, string Category, long Score);

    private static readonly Click[][] Batches =
    [
        [new("apple", 1, "home"), new("pear", 2, null), new("apple", 3, "cart")],
        [],
        [new("fig", 5, "home"), new("fig", 1, "home"), new("apple", 2, null), new("kiwi", 4, "cart")],
        [new("pear", 7, "home")],
    ];

    [Fact]
    public async Task Sql_GroupBy_EqualsLinqPerBatch()
    {
        var outputs = await StreamingTest.RunAsync(Batches,
            (DStream<Click> clicks) => clicks.Sql<WordCount>("SELECT word, count(*) AS n FROM batch GROUP BY word"), batches: 5);

        var expected = Batches.Append([]).Select(batch => batch.GroupBy(click => click.Word).Select(group => new WordCount(group.Key, group.LongCount())));
        Assert.Equal(expected.Select(Sorted), outputs.Select(Sorted));
    }

    [Fact]
    public async Task Sql_JoinWithStaticCsvAndRddTables_EqualsLinqJoin()
    {
        var csv = Path.Combine(Path.GetTempPath(), $"ember-sql-categories-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(csv, ["word,category", "apple,fruit", "pear,fruit", "fig,tree"]);
        (string Word, int Bonus)[] bonuses = [("apple", 10), ("fig", 100)];
        try
        {
            var outputs = await StreamingTest.RunAsync(Batches, (DStream<Click> clicks) =>
            {
                var session = SqlSession.For(clicks.Context);
                session.RegisterCsv("categories", csv);
                clicks.Context.EmberContext.Parallelize(bonuses).ToTable(session, "bonuses");
                return clicks.Sql<WordTotal>("""
                    SELECT b.word, c.category, sum(b.score + coalesce(x.Item2, 0)) AS score
                    FROM batch b JOIN categories c ON b.word = c.word LEFT JOIN bonuses x ON x.Item1 = b.word
                    GROUP BY b.word, c.category
                    """);
            }, batches: 4);

            var categories = new Dictionary<string, string> { ["apple"] = "fruit", ["pear"] = "fruit", ["fig"] = "tree" };
            var expected = Batches.Select(batch => batch
                .Where(click => categories.ContainsKey(click.Word))
                .GroupBy(click => click.Word)
                .Select(group => new WordTotal(group.Key, categories[group.Key],
                    group.Sum(click => (long)click.Score + bonuses.Where(bonus => bonus.Word == click.Word).Sum(bonus => bonus.Bonus)))));
            Assert.Equal(expected.Select(Sorted), outputs.Select(Sorted));
        }
        finally
        {
            File.Delete(csv);
        }
    }

    [Fact]
    public async Task Sql_AfterWindow_EqualsLinqOverTheWindowsBatches()
    {
        var outputs = await StreamingTest.RunAsync(Batches,
            (DStream<Click> clicks) => clicks.Window(TimeSpan.FromSeconds(2)).Sql<WordCount>("SELECT word, sum(score) AS n FROM batch GROUP BY word"), batches: 5);

        var padded = Batches.Append([]).ToArray();
        var expected = padded.Select((_, i) => padded.Skip(Math.Max(0, i - 1)).Take(i == 0 ? 1 : 2).SelectMany(batch => batch)
            .GroupBy(click => click.Word).Select(group => new WordCount(group.Key, group.Sum(click => click.Score))));
        Assert.Equal(expected.Select(Sorted), outputs.Select(Sorted));
    }

    [Fact]
    public async Task Sql_AggregateOnEmptyBatch_StillGivesItsRow()
    {
        var outputs = await StreamingTest.RunAsync(Batches,
            (DStream<Click> clicks) => clicks.Sql<long>("SELECT count(*) FROM batch WHERE Page IS NULL"), batches: 3);

        Assert.Equal([[1L], [0L], [1L]], outputs);
    }

    [Fact]
    public async Task Sql_Rows_GivesColumnNamesAndValues()
    {
        var outputs = await StreamingTest.RunAsync(Batches.Take(1),
            (DStream<Click> clicks) => clicks.Sql<SqlRow>("SELECT word, max(score) AS best FROM batch GROUP BY word ORDER BY word"), batches: 1);

        var rows = outputs.Single();
        // DuckDB names a column as the table spells it: the member's name.
        Assert.Equal(["Word", "best"], rows[0].Columns);
        Assert.Equal(("apple", 3), (rows[0].Get<string>("word"), rows[0].Get<int>("BEST")));
        Assert.Equal("{Word: pear, best: 2}", rows[1].ToString());
    }

    [Fact]
    public async Task Sql_BadSql_FailsWhenTheStreamIsDefinedNamingTheQuery()
    {
        const string query = "SELECT word, count(*) FROM batch GROUP BY wrd";

        var error = await Assert.ThrowsAsync<SqlException>(() => StreamingTest.RunAsync(Batches, (DStream<Click> clicks) => clicks.Sql<SqlRow>(query), batches: 1));

        Assert.Equal(query, error.Statement);
        Assert.Contains(query, error.Message);
        Assert.Contains("\"wrd\" not found", error.Message);
    }

    [Fact]
    public async Task Sql_UnmappableRecord_FailsWhenTheStreamIsDefinedNamingTheMember()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => StreamingTest.RunAsync([[new Tagged("a", ["x"])]],
            (DStream<Tagged> tagged) => tagged.Sql<SqlRow>("SELECT * FROM batch"), batches: 1));

        Assert.Contains("member 'Tags'", error.Message);
        Assert.Contains("List<System.String>", error.Message);
    }

    [Fact]
    public async Task Sql_ResultWithoutAMembersColumn_FailsWhenTheStreamIsDefinedNamingTheMember()
    {
        var error = await Assert.ThrowsAsync<NotSupportedException>(() => StreamingTest.RunAsync(Batches,
            (DStream<Click> clicks) => clicks.Sql<WordCount>("SELECT word, count(*) AS total FROM batch GROUP BY word"), batches: 1));

        Assert.Contains("'N'", error.Message);
        Assert.Contains("total", error.Message);
    }

    [Fact]
    public async Task SessionFor_ContextStops_SessionIsDisposed()
    {
        SqlSession? session = null;
        await StreamingTest.RunAsync(Batches, (DStream<Click> clicks) =>
        {
            session = SqlSession.For(clicks.Context);
            return clicks.Sql<long>("SELECT count(*) FROM batch");
        }, batches: 1);

        // Disposal follows the context's termination on a continuation, so it may lag the run's return by a moment.
        Assert.True(SpinWait.SpinUntil(() => Disposed(session!), TimeSpan.FromSeconds(10)));
    }

    public sealed record Tagged(string Name, List<string> Tags);

    private static bool Disposed(SqlSession session)
    {
        try
        {
            session.Sql("SELECT 1");
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    private static List<T> Sorted<T>(IEnumerable<T> items) => [.. items.OrderBy(item => item!.ToString(), StringComparer.Ordinal)];
}

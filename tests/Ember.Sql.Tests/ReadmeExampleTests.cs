using Ember.Streaming;
using Ember.Streaming.Testing;

namespace Ember.Sql.Tests;

/// <summary>The README's "SQL on micro-batches" example, run as written, with the output the README shows.</summary>
public sealed class ReadmeExampleTests
{
    public sealed record Sale(string Product, int Quantity);

    public sealed record Price(string Product, string Category, double Unit);

    public sealed record Revenue(string Product, string Category, double Total);

    [Fact]
    public async Task ReadmeExample_JoinsEachBatchWithThePriceTable()
    {
        var outputs = await StreamingTest.RunAsync(
            input: new[] { new[] { new Sale("apple", 3), new Sale("pear", 1), new Sale("apple", 2) }, new[] { new Sale("plum", 4) } },
            operation: (DStream<Sale> sales) =>
            {
                var session = SqlSession.For(sales.Context);              // one per streaming context, disposed when it stops
                sales.Context.EmberContext
                    .Parallelize(new[] { new Price("apple", "fruit", 0.5), new Price("pear", "fruit", 0.8), new Price("plum", "stone", 1.25) })
                    .ToTable(session, "prices");                          // a static table: loaded once, joined with every batch
                return sales.Sql<Revenue>("""
                    SELECT s.Product, p.Category, sum(s.Quantity * p.Unit) AS Total
                    FROM batch s JOIN prices p USING (Product)
                    GROUP BY ALL ORDER BY Total DESC
                    """);
            },
            batches: 2);

        Assert.Equal(
            "[Revenue { Product = apple, Category = fruit, Total = 2.5 }, Revenue { Product = pear, Category = fruit, Total = 0.8 }]\n" +
            "[Revenue { Product = plum, Category = stone, Total = 5 }]",
            string.Join("\n", outputs.Select(batch => "[" + string.Join(", ", batch) + "]")));
    }
}

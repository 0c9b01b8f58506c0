namespace Ember.Examples;

/// <summary>The README's first Rdd: totals per key, a left outer join, a sort.</summary>
internal static class Tour
{
    public static async Task<int> RunAsync()
    {
        await using var context = new EmberContext(new EmberOptions { Master = "local[2]", AppName = "Tour" });

        var sales = context.Parallelize(new[] { ("apples", 3), ("pears", 2), ("apples", 5), ("plums", 1) });
        var prices = context.Parallelize(new[] { ("apples", 0.5m), ("pears", 0.8m) });

        var totals = sales.ReduceByKey((a, b) => a + b);
        var priced = totals.LeftOuterJoin(prices)
                           .MapValues(v => v.Right.HasValue ? $"{v.Left * v.Right.Value}" : "no price")
                           .SortByKey();

        foreach (var (fruit, value) in await priced.CollectAsync())
        {
            Console.WriteLine($"{fruit}: {value}");
        }
        return 0;
    }
}

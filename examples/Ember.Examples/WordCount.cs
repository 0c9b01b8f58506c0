namespace Ember.Examples;

/// <summary>
/// Batch word count over a text file or directory: the classic first Spark program, on Ember's Rdd.
/// </summary>
internal static class WordCount
{
    public static async Task<int> RunAsync(string[] args)
    {
        var path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "data", "streams.txt");
        var master = args.Length > 1 ? args[1] : "local[*]";
        await using var context = new EmberContext(new EmberOptions { Master = master, AppName = "WordCount" });

        var counts = context.TextFile(path)
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Map(word => (word.Trim('.', ',', ';', ':', '!', '?', '"', '(', ')').ToLowerInvariant(), 1))
            .Filter(pair => pair.Item1.Length > 0)
            .ReduceByKey((a, b) => a + b);

        var top = await counts.SortByKey().Map(pair => (pair.Value, pair.Key)).SortByKey(ascending: false).TakeAsync(10);
        Console.WriteLine($"Top words of {Path.GetFileName(path)} ({await counts.CountAsync()} distinct words):");
        foreach (var (count, word) in top)
        {
            Console.WriteLine($"{count,6}  {word}");
        }
        return 0;
    }
}

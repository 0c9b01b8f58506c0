using Ember.Streaming;

namespace Ember.Examples;

/// <summary>
/// Spark's RecoverableNetworkWordCount on files: cumulative word counts of the text files moved into a directory,
/// kept with UpdateStateByKey and saved every batch under <c>&lt;output&gt;/counts-&lt;ms&gt;</c>. Kill it at any
/// moment and start it again with the same arguments: it resumes from its checkpoint, and the counts neither lose
/// nor double a word.
/// </summary>
internal static class RecoverableWordCount
{
    private const string Usage = "Usage: recoverablewordcount --input <dir> --checkpoint <dir> --output <dir> [--batch-interval 500ms] " + Arguments.MasterUsage;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = RecoverableJobArguments.Parse(args, "--input", Usage, TimeSpan.FromMilliseconds(500));
        return await options.RunAsync(() =>
        {
            var context = options.NewContext("RecoverableWordCount");
            Define(context.TextFileStream(options.Source), options.Output);
            return context;
        });
    }

    /// <summary>
    /// The job's graph on <paramref name="lines"/>: running totals of their words, saved every batch under
    /// <paramref name="output"/>. Returns the totals stream (the tests run it on a test input and read it).
    /// </summary>
    public static DStream<(string Key, long Count)> Define(DStream<string> lines, string output)
    {
        var totals = RecoverableJobArguments.RunningTotals(lines
            .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Map(word => (word, 1L)));
        RecoverableJobArguments.SaveTotals(totals, output);
        return totals;
    }
}

using Ember.Streaming;
using Ember.Streaming.Sources;

namespace Ember.Examples.LogDirectory;

/// <summary>
/// The custom source at work: running counts of the records of an append-only log directory by their first field (a
/// log level, an event type), kept with UpdateStateByKey and saved every batch under <c>&lt;output&gt;/counts-&lt;ms&gt;</c>
/// (written once per batch time, atomically, so a replayed batch does not write twice). Each batch prints what it
/// reads. Kill it at any moment and start it again with the same arguments: it resumes from its checkpoint, each
/// batch re-reads exactly its byte ranges, and the counts neither lose nor double a record.
/// </summary>
internal static class LogDirectoryCount
{
    private const string Usage = "Usage: logdirectory --input <dir> --checkpoint <dir> --output <dir> [--batch-interval 500ms] " + Arguments.MasterUsage;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = RecoverableJobArguments.Parse(args, "--input", Usage, TimeSpan.FromMilliseconds(500));
        return await options.RunAsync(() =>
        {
            var context = options.NewContext("LogDirectoryCount");
            var records = new LogDirectoryStream(context, options.Source).WithName("log");
            // The source's own RDDs know their batch's allocation (Spark's HasOffsetRanges).
            records.ForEachRdd((rdd, time) =>
            {
                var batch = (IHasAllocation<LogAllocation>)rdd;
                if (batch.Allocation.NonEmpty().Count > 0)
                {
                    Console.WriteLine($"batch {time.ToDateTimeOffset():HH:mm:ss.fff} reads {batch.Allocation}");
                }
            });
            options.SaveRunningTotals(records
                .Map(record => record.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
                .Filter(fields => fields.Length > 0)
                .Map(fields => (fields[0], 1L)));
            return context;
        });
    }
}

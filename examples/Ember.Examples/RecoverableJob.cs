using Ember.Streaming;

namespace Ember.Examples;

/// <summary>The arguments of the examples that recover from a checkpoint: a source, a checkpoint and an output directory.</summary>
internal sealed record RecoverableJobArguments(string Source, string Checkpoint, string Output, TimeSpan BatchInterval, string Master = "local[2]")
{
    /// <summary>Parses <c>&lt;sourceFlag&gt; x --checkpoint y --output z [--batch-interval d] [--master m]</c>, naming any bad or missing argument; <c>--help</c> asks for the usage.</summary>
    public static RecoverableJobArguments Parse(string[] args, string sourceFlag, string usage, TimeSpan defaultInterval)
    {
        if (args.Any(arg => arg is "-h" or "--help"))
        {
            throw new HelpRequestedException(usage);
        }
        string? source = null, checkpoint = null, output = null;
        var interval = defaultInterval;
        var master = "local[2]";
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {usage}");
            switch (args[i])
            {
                case var flag when flag == sourceFlag: source = value; break;
                case "--checkpoint": checkpoint = value; break;
                case "--output": output = value; break;
                case "--batch-interval": interval = Arguments.Duration(value, "batch-interval"); break;
                case "--master": master = Arguments.Master(value); break;
                default: throw new ArgumentException($"Unknown argument '{args[i]}'. {usage}");
            }
        }
        return new RecoverableJobArguments(
            source ?? throw new ArgumentException($"{sourceFlag} is required. {usage}"),
            checkpoint ?? throw new ArgumentException($"--checkpoint is required. {usage}"),
            output ?? throw new ArgumentException($"--output is required. {usage}"),
            interval,
            master);
    }

    /// <summary>
    /// A new context for the job: on <see cref="Master"/> (two local threads by default), <see cref="BatchInterval"/>, a graceful stop on SIGTERM, and
    /// <see cref="Checkpoint"/> as its checkpoint directory.
    /// </summary>
    public StreamingContext NewContext(string appName, bool writeAheadLog = false)
    {
        var context = new StreamingContext(
            ExampleEngine.Options(appName, Master),
            BatchInterval,
            new StreamingOptions { WriteAheadLog = writeAheadLog, StopGracefullyOnShutdown = true });
        context.Checkpoint(Checkpoint);
        return context;
    }

    /// <summary>
    /// Running totals of <paramref name="counts"/> by key (UpdateStateByKey, named <c>totals</c> for recovery), saved
    /// every batch under <c>&lt;output&gt;/counts-&lt;ms&gt;</c> (see <see cref="SaveTotals"/>).
    /// </summary>
    public void SaveRunningTotals(DStream<(string Key, long Count)> counts) => SaveTotals(RunningTotals(counts), Output);

    /// <summary>Running totals of <paramref name="counts"/> by key: UpdateStateByKey, named <c>totals</c> so a restart finds its state.</summary>
    public static DStream<(string Key, long Count)> RunningTotals(DStream<(string Key, long Count)> counts) =>
        counts.UpdateStateByKey((IReadOnlyList<long> batch, Option<long> total) => Option.Some(total.GetValueOrDefault(0) + batch.Sum()))
            .WithName("totals");

    /// <summary>
    /// Saves <paramref name="totals"/> every batch under <c>&lt;output&gt;/counts-&lt;ms&gt;</c>: each directory is
    /// written once, atomically, so a replayed batch does not write twice.
    /// </summary>
    public static void SaveTotals(DStream<(string Key, long Count)> totals, string output) =>
        totals.SaveAsTextFiles(Path.Combine(output, "counts"));

    /// <summary>Recovers the job from its checkpoint (or builds it with <paramref name="factory"/>) and runs it until stopped.</summary>
    public async Task<int> RunAsync(Func<StreamingContext> factory)
    {
        var ssc = StreamingContext.GetOrCreate(Checkpoint, factory);
        await using (ssc)
        {
            Console.Error.WriteLine(ssc.IsRecovering ? $"Recovering from {Checkpoint}" : "Starting fresh");
            ssc.Start();
            await ssc.AwaitTerminationAsync();
        }
        return 0;
    }
}

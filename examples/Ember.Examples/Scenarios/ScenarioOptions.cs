namespace Ember.Examples.Scenarios;

/// <summary>
/// The options every scenario shares (how many batches, how often, how much generated data, from which seed) and the
/// parsing of <c>--flag value</c> pairs; each scenario adds its own flags and checks.
/// </summary>
internal abstract class ScenarioOptions
{
    /// <summary>How many batches the run lasts before it stops by itself.</summary>
    public int Batches { get; set; } = 20;

    public TimeSpan BatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Generated records per batch.</summary>
    public int Rate { get; set; }

    /// <summary>The generator's seed: the same seed gives the same data, batch by batch.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Where the tasks run (<c>--master</c>): two threads of this process by default.</summary>
    public string Master { get; set; } = "local[2]";

    /// <summary>The scenario's own flags, with a setter each.</summary>
    protected abstract IReadOnlyDictionary<string, Action<string>> Flags { get; }

    /// <summary>The usage line of the scenario's own flags.</summary>
    protected abstract string FlagsUsage { get; }

    public static TOptions Parse<TOptions>(string name, string[] args) where TOptions : ScenarioOptions, new()
    {
        var options = new TOptions();
        var usage = $"Usage: {name} [--batches {options.Batches}] [--batch-interval 1s] [--rate {options.Rate}] [--seed {options.Seed}] {Arguments.MasterUsage} {options.FlagsUsage}";
        for (var i = 0; i < args.Length; i += 2)
        {
            if (args[i] is "-h" or "--help")
            {
                throw new HelpRequestedException(usage);
            }
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {usage}");
            switch (args[i])
            {
                case "--batches": options.Batches = Arguments.PositiveInt(value, "batches"); break;
                case "--batch-interval": options.BatchInterval = Arguments.Duration(value, "batch-interval"); break;
                case "--rate": options.Rate = Arguments.PositiveInt(value, "rate"); break;
                case "--seed": options.Seed = Arguments.PositiveInt(value, "seed"); break;
                case "--master": options.Master = Arguments.Master(value); break;
                default:
                    var set = options.Flags.GetValueOrDefault(args[i]) ?? throw new ArgumentException($"Unknown argument '{args[i]}'. {usage}");
                    set(value);
                    break;
            }
        }
        options.Validate();
        return options;
    }

    /// <summary>Checks the options together (window and slide against the batch interval, ...).</summary>
    protected virtual void Validate() { }

    /// <summary>Fails unless <paramref name="value"/> is a multiple of the batch interval, as Spark requires of windows and slides.</summary>
    protected void RequireMultipleOfBatch(TimeSpan value, string name)
    {
        if (value.Ticks % BatchInterval.Ticks != 0)
        {
            throw new ArgumentException(
                $"Argument '{name}' ({value.TotalMilliseconds} ms) must be a multiple of the batch interval ({BatchInterval.TotalMilliseconds} ms).");
        }
    }
}

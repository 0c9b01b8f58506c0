namespace Ember.Configuration;

/// <summary>
/// Configuration Ember cannot use: keys it does not know under its sections, Spark keys it does not support, or values
/// it cannot read. Every problem is listed, each naming its key's full path (<c>Ember:Streaming:BatchInterval</c>,
/// <c>spark.streaming.blockInterval</c>) and, for a bad value, the value; nothing is ignored in silence.
/// </summary>
public sealed class EmberConfigurationException : Exception
{
    /// <summary>An exception listing <paramref name="problems"/>, one line each.</summary>
    public EmberConfigurationException(IReadOnlyList<ConfigurationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>What is wrong, one entry per key.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ConfigurationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 1
            ? $"Invalid Ember configuration: {problems[0]}"
            : $"Invalid Ember configuration ({problems.Count} problems):{string.Concat(problems.Select(problem => $"{Environment.NewLine}  {problem}"))}";
    }
}

/// <summary>One configuration key Ember cannot use: its full path (as <c>IConfiguration</c> spells it) and why.</summary>
public sealed record ConfigurationProblem(string Key, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: {Message}";
}

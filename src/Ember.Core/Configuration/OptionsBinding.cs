using Microsoft.Extensions.Configuration;

namespace Ember.Configuration;

/// <summary>
/// The keys an options type binds from <c>IConfiguration</c>, under one section (<c>Ember:Streaming</c>) and, where
/// Spark has an equivalent (<see cref="SparkKeys.Supported"/>), under Spark's key name too, with Spark's value formats
/// (<c>10s</c>, <c>200ms</c>, <c>true</c>). Unlike <c>ConfigurationBinder</c>, it reports what it cannot use: a key
/// under the section that no option has (a typo), or a value it cannot read, fails the binding with an
/// <see cref="EmberConfigurationException"/> naming every such key with its full path and, for a value, the value.
/// Each Ember package binds its options with one of these; a third-party package can bind its own the same way.
/// </summary>
/// <remarks>
/// Precedence, highest first: the option's own name under <see cref="Section"/>; its Spark key inside the
/// <c>Ember</c> section; its Spark key at the root of the configuration (where a <c>spark-defaults.conf</c> puts it).
/// A duration under an Ember name is a <see cref="TimeSpan"/> (<c>00:00:10</c>) or a number with a unit (<c>10s</c>);
/// under a Spark key a bare number is milliseconds, as Spark reads it.
/// </remarks>
/// <typeparam name="TOptions">The options type bound.</typeparam>
public sealed class OptionsBinding<TOptions>
{
    private readonly Dictionary<string, (Type Type, Action<TOptions, object?> Set)> entries = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> subsections = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A binding of the keys under <paramref name="section"/>, a path such as <c>Ember:Kafka</c>.</summary>
    public OptionsBinding(string section)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        Section = section;
    }

    /// <summary>The section's path.</summary>
    public string Section { get; }

    /// <summary>
    /// Binds the key <paramref name="name"/> under <see cref="Section"/> (and its Spark key, when
    /// <see cref="SparkKeys.Supported"/> maps one to this path) through <paramref name="set"/>. Values may be strings,
    /// durations, booleans, whole or decimal numbers and enums, or nullable ones.
    /// </summary>
    public OptionsBinding<TOptions> Add<TValue>(string name, Action<TOptions, TValue> set)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(set);
        entries.Add(name, (typeof(TValue), (options, value) => set(options, (TValue)value!)));
        return this;
    }

    /// <summary>Accepts a child section <paramref name="name"/> that another binding (or the caller) reads.</summary>
    public OptionsBinding<TOptions> AddSubsection(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        subsections.Add(name);
        return this;
    }

    /// <summary>
    /// Sets on <paramref name="options"/> every option <paramref name="configuration"/> (the application's root
    /// configuration) gives a value; leaves the others as they are. Throws an <see cref="EmberConfigurationException"/>
    /// listing every unknown key under the section and every unreadable value.
    /// </summary>
    public TOptions Bind(IConfiguration configuration, TOptions options)
    {
        var problems = TryBind(configuration, options);
        return problems.Count == 0 ? options : throw new EmberConfigurationException(problems);
    }

    /// <summary>Binds as <see cref="Bind"/> does, returning the problems instead of throwing.</summary>
    internal List<ConfigurationProblem> TryBind(IConfiguration configuration, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ConfigurationProblem>();
        var section = configuration.GetSection(Section);
        foreach (var child in section.GetChildren())
        {
            var known = entries.ContainsKey(child.Key) || subsections.Contains(child.Key) || IsForeignKey(child.Key);
            if (!known)
            {
                problems.Add(new ConfigurationProblem(child.Path, $"unknown key: {Section} has {string.Join(", ", entries.Keys.Concat(subsections))}."));
            }
        }
        foreach (var (name, (type, set)) in entries)
        {
            if (Find(configuration, name) is not var (path, text, bareNumberUnit))
            {
                continue;
            }
            var value = ConfigurationValues.Parse(type, text, bareNumberUnit, out var error);
            if (error is not null)
            {
                problems.Add(new ConfigurationProblem(path, error + "."));
                continue;
            }
            try
            {
                set(options, value);
            }
            catch (ArgumentException invalid)
            {
                // The first line of an argument exception, without its "(Parameter 'x')" tail: the key already names it.
                var reason = invalid.Message.Split('\n')[0].Replace($" (Parameter '{invalid.ParamName}')", string.Empty, StringComparison.Ordinal).TrimEnd();
                problems.Add(new ConfigurationProblem(path, $"'{text}' is not allowed: {reason}"));
            }
        }
        return problems;
    }

    // In the Ember section, Spark's keys (read by whichever binding maps them) and ember.* settings (EmberOptions.Settings).
    private bool IsForeignKey(string key) =>
        Section.Equals(SparkKeys.EmberSection, StringComparison.OrdinalIgnoreCase)
        && (key.StartsWith(SparkKeys.Prefix, StringComparison.OrdinalIgnoreCase) || key.StartsWith(SparkKeys.EmberSettingsPrefix, StringComparison.OrdinalIgnoreCase));

    private (string Path, string Text, TimeSpan? BareNumberUnit)? Find(IConfiguration configuration, string name)
    {
        var own = configuration.GetSection(Section).GetSection(name);
        if (own.Value is { } text)
        {
            return (own.Path, text, null);
        }
        if (SparkKeys.SparkKeyOf($"{Section}:{name}") is not { } sparkKey)
        {
            return null;
        }
        foreach (var candidate in new[] { configuration.GetSection(SparkKeys.EmberSection).GetSection(sparkKey), configuration.GetSection(sparkKey) })
        {
            if (candidate.Value is { } sparkText)
            {
                return (candidate.Path, sparkText, TimeSpan.FromMilliseconds(1));
            }
        }
        return null;
    }
}

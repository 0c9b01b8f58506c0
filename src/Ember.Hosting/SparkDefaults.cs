using Ember.Configuration;
using Microsoft.Extensions.Configuration;

namespace Ember.Hosting;

/// <summary>
/// Reads Spark's <c>spark-defaults.conf</c> format as configuration: one <c>key value</c> per line (the value is the
/// rest of the line; <c>key=value</c> works too, as in the Java properties Spark reads), blank lines and lines starting
/// with <c>#</c> or <c>!</c> skipped. Keys land at the root of the configuration, where Ember's options find Spark's
/// names (<see cref="SparkKeys.Supported"/>); <c>ember.</c> keys go to <c>EmberOptions.Settings</c>.
/// </summary>
public static class SparkDefaults
{
    /// <summary>The key-value pairs of <paramref name="text"/>; a line with a key but no value is an error naming its line.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="source">The file's name, for error messages.</param>
    public static IReadOnlyDictionary<string, string?> Parse(string text, string source = "spark-defaults.conf")
    {
        ArgumentNullException.ThrowIfNull(text);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!')
            {
                continue;
            }
            var end = line.IndexOfAny([' ', '\t', '=', ':']);
            var value = end < 0 ? string.Empty : line[end..].TrimStart().TrimStart('=', ':').Trim();
            if (end < 0 || value.Length == 0)
            {
                throw new FormatException($"{source}, line {number}: '{line}' has a key but no value (expected 'key value').");
            }
            values[line[..end]] = value;
        }
        return values;
    }

    /// <summary>Adds the <c>spark-defaults.conf</c> file at <paramref name="path"/> as a configuration source; read when the configuration is built.</summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The file.</param>
    /// <param name="optional">Skip a missing file instead of failing.</param>
    public static IConfigurationBuilder AddSparkDefaults(this IConfigurationBuilder builder, string path, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.Add(new Source(Path.GetFullPath(path), optional));
    }

    private sealed class Source(string path, bool optional) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(path, optional);
    }

    private sealed class Provider(string path, bool optional) : ConfigurationProvider
    {
        public override void Load()
        {
            if (!File.Exists(path))
            {
                Data = optional ? new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
                    : throw new FileNotFoundException($"The spark-defaults file '{path}' does not exist (pass optional: true to allow that).", path);
                return;
            }
            Data = new Dictionary<string, string?>(Parse(File.ReadAllText(path), path), StringComparer.OrdinalIgnoreCase);
        }
    }
}

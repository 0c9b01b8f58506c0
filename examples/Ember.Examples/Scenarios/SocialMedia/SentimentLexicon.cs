using System.Globalization;
using System.Text.RegularExpressions;

namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>
/// A word list with a score per word (AFINN style): a text's sentiment is the sum of its words' scores, hashtags
/// and mentions left out. Small enough to travel with every task.
/// </summary>
internal sealed partial class SentimentLexicon(IReadOnlyDictionary<string, int> scores)
{
    /// <summary>The list shipped with the example, next to the program.</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Scenarios", "SocialMedia", "sentiment-words.txt");

    /// <summary>Reads <c>word score</c> lines, skipping blanks and <c>#</c> comments; a bad line fails with its number.</summary>
    public static SentimentLexicon Load(string path)
    {
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2 || !int.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var score))
            {
                throw new ArgumentException($"{path}:{number}: expected '<word> <score>', got '{line}'.");
            }
            scores[fields[0].ToLowerInvariant()] = score;
        }
        return new SentimentLexicon(scores);
    }

    public int Score(string text) => Words().Matches(text.ToLowerInvariant()).Sum(word => scores.GetValueOrDefault(word.Value));

    // Words of letters and apostrophes that are not part of a hashtag or a mention.
    [GeneratedRegex(@"(?<![#@\w])[a-z']+")]
    private static partial Regex Words();
}

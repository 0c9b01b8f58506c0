using System.Globalization;
using Ember.Streaming;

namespace Ember.Examples.Scenarios.SocialMedia;

/// <summary>
/// The seed's real-time social-media monitoring: a feed of posts; every slide, the most mentioned tags over the
/// window with the mean sentiment of their posts, scored with a small word list shipped with the example; and the
/// window's mention graph: the accounts with the highest PageRank and the number of communities.
/// </summary>
internal static class SocialMediaScenario
{
    public static Task<int> RunAsync(string[] args)
    {
        var options = ScenarioOptions.Parse<SocialMediaOptions>("socialmedia", args);
        var lexicon = SentimentLexicon.Load(options.Words);
        var generator = new PostGenerator(options.Seed, options.Rate, options.BatchInterval, options.Outage);
        var window = $"{options.Window.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
        return ScenarioRunner.RunAsync("socialmedia", options, generator.Batch, lines =>
        {
            SocialMediaJob.Define(lines, options, lexicon).ForEachRdd((rdd, time) =>
                Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] top tags, last {window}: " + string.Join("  ", rdd.Collect()
                    .OrderByDescending(tag => tag.Activity.Mentions).ThenBy(tag => tag.Tag, StringComparer.Ordinal).Take(options.Top)
                    .Select(tag => string.Create(CultureInfo.InvariantCulture, $"#{tag.Tag} {tag.Activity.Mentions} ({tag.Activity.AverageSentiment:+0.00;-0.00})")))));
            MentionGraph.Define(lines, options).ForEachRdd((rdd, time) =>
                Console.WriteLine($"[{ScenarioRunner.Stamp(time)}] mentions, last {window}: {rdd.First()}"));
        });
    }
}

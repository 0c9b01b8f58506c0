using System.Text.Json.Nodes;

namespace Ember.Hosting.Tests;

/// <summary>Reads what the newest checkpoint manifest of a directory says, as a restart would.</summary>
internal static class Checkpoints
{
    /// <summary>
    /// The newest manifest's batch time and the batches it lists as generated but not finished: those a restart would
    /// run again.
    /// </summary>
    public static (long CheckpointTimeMs, IReadOnlyList<long> Unfinished) Newest(string directory)
    {
        var newest = Directory.GetFiles(directory, "checkpoint-*.json").OrderBy(file => file.Length).ThenBy(file => file, StringComparer.Ordinal).LastOrDefault()
            ?? throw new Xunit.Sdk.XunitException($"No checkpoint manifest in {directory}.");
        var manifest = JsonNode.Parse(File.ReadAllText(newest))!["manifest"]!;
        var unfinished = manifest["Batches"]!.AsArray().Where(batch => !batch!["Completed"]!.GetValue<bool>()).Select(batch => batch!["TimeMs"]!.GetValue<long>());
        return (manifest["CheckpointTimeMs"]!.GetValue<long>(), [.. unfinished]);
    }
}

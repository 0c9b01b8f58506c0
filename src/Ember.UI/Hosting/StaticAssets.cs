using Microsoft.AspNetCore.Http;

namespace Ember.UI.Hosting;

/// <summary>
/// Serves <c>/static/{name}</c> from the assembly's embedded <c>wwwroot</c>: the chart library, the page script and the
/// stylesheet travel inside Ember.UI.dll, so a job on a machine without internet still draws its charts.
/// </summary>
internal static class StaticAssets
{
    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".md"] = "text/plain; charset=utf-8",
    };

    public static IResult Serve(string name)
    {
        var stream = ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType)
            ? typeof(StaticAssets).Assembly.GetManifestResourceStream($"wwwroot/{name}")
            : null;
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}

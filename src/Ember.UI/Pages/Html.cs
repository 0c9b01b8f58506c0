using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Ember.UI.Pages;

/// <summary>The frame every page shares: viewport for phones, the stylesheet, a navigation bar and a main landmark.</summary>
internal static class Html
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static IResult Page(string title, string applicationName, string body, int statusCode = StatusCodes.Status200OK, string? script = null)
    {
        var html = new StringBuilder()
            .Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Encode(title)).Append(" - ").Append(Encode(applicationName)).Append("</title>")
            .Append("<link rel=\"stylesheet\" href=\"/static/streaming.css\"></head><body>")
            .Append("<header class=\"nav\"><a class=\"brand\" href=\"/streaming/\">Ember</a>")
            .Append("<nav aria-label=\"Pages\"><a href=\"/streaming/\">Streaming</a><a href=\"/executors/\">Executors</a>")
            .Append("<a href=\"/api/v1/applications\">API</a><a href=\"/metrics\">Metrics</a></nav>")
            .Append("<span class=\"app\">").Append(Encode(applicationName)).Append("</span></header>")
            .Append("<main>").Append(body).Append("</main>");
        if (script is not null)
        {
            html.Append("<script src=\"/static/chart.umd.min.js\"></script>")
                .Append("<script src=\"/static/").Append(script).Append("\"></script>");
        }
        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: statusCode);
    }

    /// <summary>A 404 page for a batch or page that does not exist, with a way back.</summary>
    public static IResult NotFound(string applicationName, string message) => Page(
        "Not found",
        applicationName,
        $"<h1>Not found</h1><p role=\"alert\">{Encode(message)}</p><p><a href=\"/streaming/\">Back to the Streaming page</a></p>",
        StatusCodes.Status404NotFound);
}

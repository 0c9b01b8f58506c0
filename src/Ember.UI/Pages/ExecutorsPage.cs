using System.Text;
using Ember.UI.Hosting;
using Ember.UI.Progress;
using Microsoft.AspNetCore.Http;

namespace Ember.UI.Pages;

/// <summary>
/// <c>/executors/</c> (Spark's Executors tab): the totals of active and dead executors, then one row per executor with
/// its address, state, cores, tasks, shuffle bytes and, for a dead one, the reason it was removed. Rendered on each
/// request from the executors listener's snapshot; in local mode the one executor is <c>driver</c>.
/// </summary>
internal static class ExecutorsPage
{
    private static readonly string[] Columns =
        ["Executor ID", "Address", "Status", "Cores", "Active tasks", "Failed tasks", "Complete tasks", "Total tasks", "Task time", "Shuffle read", "Shuffle write", "Removed because"];

    public static IResult Render(UIApplication application)
    {
        var executors = application.Executors.Snapshot();
        var body = new StringBuilder()
            .Append("<h1>Executors</h1>")
            .Append("<div class=\"table-wrap\"><table id=\"executor-summary\"><caption>Summary</caption><thead><tr>")
            .Append("<th scope=\"col\"></th>").Append(string.Concat(Columns[3..^1].Select(Header))).Append("</tr></thead><tbody>")
            .Append(SummaryRow("Active", executors.Where(executor => executor.IsActive).ToList()))
            .Append(SummaryRow("Dead", executors.Where(executor => !executor.IsActive).ToList()))
            .Append(SummaryRow("Total", executors))
            .Append("</tbody></table></div>")
            .Append("<div class=\"table-wrap\"><table id=\"executors\"><caption>Executors</caption><thead><tr>")
            .Append(string.Concat(Columns.Select(Header))).Append("</tr></thead><tbody>");
        foreach (var executor in executors)
        {
            body.Append("<tr><td>").Append(Html.Encode(executor.Id)).Append("</td><td>").Append(Html.Encode(executor.HostPort)).Append("</td>")
                .Append(executor.IsActive ? "<td class=\"status-active\">Active</td>" : "<td class=\"status-dead\">Dead</td>")
                .Append(Totals([executor]))
                .Append("<td class=\"error\">").Append(Html.Encode(executor.RemoveReason)).Append("</td></tr>");
        }
        body.Append("</tbody></table></div>");
        return Html.Page("Executors", application.Name, body.ToString());
    }

    private static string SummaryRow(string name, IReadOnlyList<ExecutorSnapshot> executors) =>
        $"<tr><th scope=\"row\">{name}({executors.Count})</th>{Totals(executors)}</tr>";

    private static string Totals(IReadOnlyList<ExecutorSnapshot> executors) =>
        string.Concat(new[]
        {
            Format.Count(executors.Sum(executor => executor.TotalCores)),
            Format.Count(executors.Sum(executor => executor.ActiveTasks)),
            Format.Count(executors.Sum(executor => executor.FailedTasks)),
            Format.Count(executors.Sum(executor => executor.CompletedTasks)),
            Format.Count(executors.Sum(executor => executor.TotalTasks)),
            Format.Duration(executors.Aggregate(TimeSpan.Zero, (sum, executor) => sum + executor.TotalDuration)),
            Format.Bytes(executors.Sum(executor => executor.TotalShuffleRead)),
            Format.Bytes(executors.Sum(executor => executor.TotalShuffleWrite)),
        }.Select(cell => $"<td>{Html.Encode(cell)}</td>"));

    private static string Header(string column) => $"<th scope=\"col\">{Html.Encode(column)}</th>";
}

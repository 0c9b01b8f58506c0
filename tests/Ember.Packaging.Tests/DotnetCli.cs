using System.Diagnostics;
using System.Text;

namespace Ember.Packaging.Tests;

/// <summary>
/// Runs the <c>dotnet</c> command line as a child process, as a user would in a shell: no standard input, output and
/// errors captured, killed (with everything it started) by its process id when it outlives its timeout.
/// </summary>
internal static class DotnetCli
{
    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; returns its output, or throws with it when it fails.</summary>
    public static async Task<string> RunAsync(
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string?> environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // `dotnet test` hands its MSBuild settings (MSBuildExtensionsPath, MSBUILD_EXE_PATH, ...) down to test hosts:
        // a child build must find its own, as in a shell.
        foreach (var name in start.Environment.Keys.Where(name => name.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        // No MSBuild nodes, build server or compiler server outliving the command: nothing the test started stays up.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var command = $"dotnet {string.Join(' ', arguments)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Append(line.Data);
        process.ErrorDataReceived += (_, line) => Append(line.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"`{command}` in {workingDirectory} did not finish within {timeout.TotalSeconds:0} s: killed process {process.Id} and its children. Its output:\n{Text()}");
        }
        // The parameterless wait also drains the redirected output to its last line.
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{command}` in {workingDirectory} exited with code {process.ExitCode}. Its output:\n{Text()}");
        }
        return Text();

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (output)
                {
                    output.AppendLine(line);
                }
            }
        }

        string Text()
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }
}

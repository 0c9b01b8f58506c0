using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ember.Cluster.Processes;

/// <summary>
/// How to start an executor process for an application: <c>dotnet exec --depsfile D --runtimeconfig R
/// Ember.Executor.dll</c>, with the application's own deps.json and runtimeconfig.json, so the executor resolves exactly
/// the assemblies the driver runs. Works for an xunit test host too: its deps file is the test assembly's.
/// </summary>
internal sealed record ExecutorCommand(string DotnetHost, string DepsFile, string RuntimeConfig, string ExecutorAssembly)
{
    public const string ExecutorAssemblyName = "Ember.Executor.dll";

    /// <summary>The command for the running application.</summary>
    public static ExecutorCommand ForCurrentApplication()
    {
        // The host records the deps files it resolved the application with; the first is the application's own
        // (for `dotnet test`, the test assembly's, since testhost.dll runs with --depsfile <tests>.deps.json).
        var depsFile = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(f => f.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException(
                "The application has no deps.json (APP_CONTEXT_DEPS_FILES is empty), so executor processes cannot " +
                "resolve its assemblies. Build it as a framework-dependent application.");
        return ForApplication(Path.GetDirectoryName(Path.GetFullPath(depsFile))!, Path.GetFileName(depsFile));
    }

    /// <summary>
    /// The command for the application whose files are in <paramref name="directory"/>, with its deps file named
    /// <paramref name="depsFileName"/> (for example a copy of the application on another disk).
    /// </summary>
    public static ExecutorCommand ForApplication(string directory, string depsFileName)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(depsFileName);
        var deps = Path.Combine(directory, depsFileName);
        var runtimeConfig = Path.Combine(directory, depsFileName[..^".deps.json".Length] + ".runtimeconfig.json");
        var executor = Path.Combine(directory, ExecutorAssemblyName);
        foreach (var (file, what) in new[] { (deps, "deps file"), (runtimeConfig, "runtime config"), (executor, "executor program") })
        {
            if (!File.Exists(file))
                throw new FileNotFoundException(
                    $"The application's {what} {file} is missing: executor processes cannot start. " +
                    $"{ExecutorAssemblyName} comes with a reference to Ember.Cluster.", file);
        }
        return new ExecutorCommand(FindDotnetHost(), deps, runtimeConfig, executor);
    }

    /// <summary>The runtime's switch for dynamic profile-guided optimization, off in executors unless set.</summary>
    public const string TieredPgoVariable = "DOTNET_TieredPGO";

    /// <summary>A process start for these files and <paramref name="arguments"/>, with stdout and stderr redirected.</summary>
    public ProcessStartInfo StartInfo(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(DotnetHost)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Path.GetDirectoryName(ExecutorAssembly)!,
        };
        foreach (var a in (string[])["exec", "--depsfile", DepsFile, "--runtimeconfig", RuntimeConfig, ExecutorAssembly])
            info.ArgumentList.Add(a);
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        // An executor runs each task function a few times over long loops: dynamic PGO's instrumented tier then runs
        // most of the work and costs an executor 15-40% more CPU than the same loop on the driver (measured in
        // bench/Ember.Cluster.Benchmarks: 2 executors went from 1.49x to 1.95x one). A value the user set is kept.
        if (Environment.GetEnvironmentVariable(TieredPgoVariable) is null)
            info.Environment[TieredPgoVariable] = "0";
        return info;
    }

    private static string FindDotnetHost()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet")
            return process;
        // An application started through its apphost: the muxer sits three levels above the runtime directory
        // (<root>/shared/Microsoft.NETCore.App/<version>/).
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var muxer = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }
}

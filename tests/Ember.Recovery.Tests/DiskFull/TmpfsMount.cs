using System.Diagnostics;

namespace Ember.Recovery.Tests.DiskFull;

/// <summary>
/// A small tmpfs mounted on a fresh directory, so a test can fill a file system for real (ENOSPC) without touching the
/// machine's disks. Disposing unmounts it (lazily if something still holds a file) and removes the directory.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private const long CapSysAdmin = 1L << 21;

    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Why no tmpfs can be mounted here, or null when it can: Linux, as root, with CAP_SYS_ADMIN.</summary>
    public static string? Unavailable { get; } = FindWhyUnavailable();

    public static TmpfsMount Create(string path, int sizeKiB)
    {
        Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={sizeKiB}k", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount -t tmpfs on '{path}' failed ({code}): {output}");
        }
        return new TmpfsMount(path);
    }

    /// <summary>Writes <c>filler</c> until the file system is full, and returns its path.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[4096];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
        try
        {
            while (true)
            {
                stream.Write(chunk);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
        return filler;
    }

    public void Dispose()
    {
        if (Run("umount", Path).Code != 0)
        {
            Run("umount", "-l", Path);
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Left behind by a lazy unmount still in progress; it is an empty directory under the test's temp root.
        }
    }

    private static string? FindWhyUnavailable()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "mounting a tmpfs needs Linux";
        }
        var capabilities = File.ReadLines("/proc/self/status").FirstOrDefault(line => line.StartsWith("CapEff:", StringComparison.Ordinal));
        if (capabilities is null || (Convert.ToInt64(capabilities["CapEff:".Length..].Trim(), 16) & CapSysAdmin) == 0)
        {
            return "mounting a tmpfs needs root with CAP_SYS_ADMIN (this process has not got it: run the tests as root, or in a privileged container)";
        }
        return null;
    }

    private static (int Code, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {command}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error);
    }
}

/// <summary>A fact that needs <see cref="TmpfsMount"/>: skipped, with the reason, where no tmpfs can be mounted.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (TmpfsMount.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

using System.IO.Enumeration;

namespace Ember.Streaming.Sources.Files;

/// <summary>
/// A directory, or a glob of directories whose path segments may hold '*' (any run of characters) and '?' (one
/// character), such as <c>/data/*/logs</c>. The segments before the first wildcard are the fixed prefix, which must
/// exist when the glob is parsed; the matching directories are found anew at every listing, so directories created
/// later are picked up. A wildcard does not match names starting with '.' or '_' unless its segment starts with
/// that character (hidden and temporary directories, as for files).
/// </summary>
internal sealed class DirectoryGlob
{
    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];
    private static readonly bool IgnoreCase = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();
    private readonly string[] patternSegments;

    private DirectoryGlob(string pattern, string fixedPrefix, string[] patternSegments)
    {
        Pattern = pattern;
        FixedPrefix = fixedPrefix;
        this.patternSegments = patternSegments;
    }

    /// <summary>The full path of the directory or glob.</summary>
    public string Pattern { get; }

    /// <summary>The longest leading part of <see cref="Pattern"/> without wildcards: the directory itself when not a glob.</summary>
    public string FixedPrefix { get; }

    /// <summary>
    /// Parses <paramref name="directory"/> (made absolute against the current directory now). Throws
    /// <see cref="DirectoryNotFoundException"/> naming it when the directory, or a glob's fixed prefix, does not exist.
    /// </summary>
    public static DirectoryGlob Parse(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        var full = Path.GetFullPath(directory);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var segments = full[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var firstPattern = Array.FindIndex(segments, IsPattern);
        var fixedCount = firstPattern < 0 ? segments.Length : firstPattern;
        var prefix = Path.Combine([root, .. segments.Take(fixedCount)]);
        if (!Directory.Exists(prefix))
        {
            throw new DirectoryNotFoundException(firstPattern < 0
                ? $"Directory '{directory}' ('{prefix}') does not exist."
                : $"Directory '{prefix}', the fixed part of the directory glob '{directory}', does not exist.");
        }
        return new DirectoryGlob(full, prefix, segments[fixedCount..]);
    }

    /// <summary>
    /// The files directly inside every matching directory (not in their subdirectories), except names starting
    /// with '.' or '_' and paths <paramref name="filter"/> rejects. A directory or file that vanishes while being
    /// listed is skipped; a directory that cannot be read is reported to <paramref name="onError"/> and skipped.
    /// </summary>
    public IReadOnlyList<ListedFile> ListFiles(Func<string, bool>? filter, Action<string, Exception> onError)
    {
        var files = new List<ListedFile>();
        foreach (var directory in Directories(onError))
        {
            try
            {
                foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
                {
                    if (file.Name.StartsWith('.') || file.Name.StartsWith('_'))
                    {
                        continue;
                    }
                    if (TryStat(file) is { } listed && (filter is null || filter(listed.Path)))
                    {
                        files.Add(listed);
                    }
                }
            }
            catch (DirectoryNotFoundException)
            {
                // Removed while being listed: it simply has no files now.
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                onError(directory, error);
            }
        }
        return files;
    }

    /// <summary>The existing directories matching the glob, in ordinal order.</summary>
    public IReadOnlyList<string> Directories(Action<string, Exception> onError)
    {
        IEnumerable<string> current = [FixedPrefix];
        foreach (var segment in patternSegments)
        {
            var next = new List<string>();
            foreach (var parent in current)
            {
                if (!IsPattern(segment))
                {
                    next.Add(Path.Combine(parent, segment));
                    continue;
                }
                try
                {
                    next.AddRange(new DirectoryInfo(parent).EnumerateDirectories()
                        .Where(child => Matches(segment, child.Name))
                        .Select(child => child.FullName));
                }
                catch (DirectoryNotFoundException)
                {
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                    onError(parent, error);
                }
            }
            current = next;
        }
        return [.. current.Where(Directory.Exists).Order(StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public override string ToString() => Pattern;

    private static bool IsPattern(string segment) => segment.AsSpan().IndexOfAny('*', '?') >= 0;

    private static bool Matches(string pattern, string name) =>
        (pattern[0] == name[0] || (name[0] != '.' && name[0] != '_'))
        && FileSystemName.MatchesSimpleExpression(pattern, name, IgnoreCase);

    private static ListedFile? TryStat(FileInfo file)
    {
        try
        {
            return new ListedFile(file.FullName, file.Length, file.LastWriteTimeUtc);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }
}

using System.Reflection;
using System.Security;

namespace Ember.Packaging.Tests;

/// <summary>
/// The solution's packages, packed once for the tests into a temporary folder outside the repository, with a folder
/// beside it where the tests make projects as a user would: its nuget.config lists the packages' folder and nuget.org.
/// </summary>
/// <remarks>
/// NuGet keeps a package id and version in its global packages folder for ever, so a second run would restore the first
/// run's Ember.Core 0.1.0. The packages are therefore packed with a version of this run's own
/// (<c>0.1.0.&lt;Unix time&gt;</c>), restored into a packages folder of this run's own, deleted with
/// it; third-party packages come from the user's global packages folder as a fallback folder, so the restores download
/// nothing the solution's restore did not already.
/// </remarks>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>Timeout of one dotnet command: a restore, a build, a run.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(3);

    private readonly string root = Path.Combine(Path.GetTempPath(), $"ember-packaging-{Guid.NewGuid():N}");

    public PackedFeed()
    {
        var prefix = typeof(PackedFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "VersionPrefix").Value;
        // A stable version, as a release's, so that pack's rules for stable packages apply.
        Version = $"{prefix}.{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
    }

    /// <summary>The repository's root (where Ember.slnx is).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The version every package of this run has.</summary>
    public string Version { get; }

    /// <summary>The folder the packages are in: a package source.</summary>
    public string Packages => Path.Combine(root, "feed");

    /// <summary>Where tests make their projects: outside the repository, under a nuget.config naming <see cref="Packages"/>.</summary>
    public string Work => Path.Combine(root, "work");

    /// <summary>A template hive of this run's own, for dotnet new's --debug:custom-hive: the user's is left alone.</summary>
    public string TemplateHive => Path.Combine(root, "template-hive");

    /// <summary>The environment of a dotnet command run in <see cref="Work"/>: this run's packages folder.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["NUGET_PACKAGES"] = Path.Combine(root, "nuget-packages"),
    };

    /// <summary>The nupkg file of package <paramref name="id"/>.</summary>
    public string PackageFile(string id) => Path.Combine(Packages, $"{id}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Work);
        var configuration = typeof(PackedFeed).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Configuration").Value!;
        // No build: the solution is built (CI builds it before testing; building this project builds every package).
        await DotnetCli.RunAsync(RepositoryRoot, CommandTimeout, new Dictionary<string, string?>(),
            "pack", "Ember.slnx", "-c", configuration, "--no-build", "-o", Packages, $"-p:PackageVersion={Version}", "-nologo", "-clp:NoSummary");
        await File.WriteAllTextAsync(Path.Combine(Work, "nuget.config"), NuGetConfig());
        // A project here is a fresh user's: no Directory.Build.props or Directory.Packages.props of some folder above.
        foreach (var file in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
        {
            await File.WriteAllTextAsync(Path.Combine(Work, file), "<Project />\n");
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
        return Task.CompletedTask;
    }

    private string NuGetConfig()
    {
        var userPackages = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="ember-local" value="{SecurityElement.Escape(Packages)}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="user-packages" value="{SecurityElement.Escape(userPackages)}" />
              </fallbackPackageFolders>
            </configuration>
            """;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Ember.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No Ember.slnx above {AppContext.BaseDirectory}: the packaging tests run from the repository's build output.");
    }
}

/// <summary>The tests sharing one <see cref="PackedFeed"/>; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed feed";
}

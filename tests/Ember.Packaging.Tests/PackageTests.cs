using System.IO.Compression;
using System.Xml.Linq;

namespace Ember.Packaging.Tests;

[Collection(PackedFeedCollection.Name)]
public sealed class PackageTests(PackedFeed feed)
{
    [Fact]
    public void Pack_EverySourceProject_PackageHasVersionLicenceReadmeRepositoryAndSymbols()
    {
        var projects = Directory.GetDirectories(Path.Combine(PackedFeed.RepositoryRoot, "src"))
            .SelectMany(directory => Directory.GetFiles(directory, "*.csproj"))
            .Where(project => !File.ReadAllText(project).Contains("<IsPackable>false</IsPackable>", StringComparison.Ordinal))
            .Select(Path.GetFileNameWithoutExtension)
            .ToList();
        Assert.Contains("Ember.Streaming", projects);

        foreach (var id in projects)
        {
            Assert.True(File.Exists(feed.PackageFile(id!)), $"{id} did not pack into {feed.Packages}.");
            using var package = ZipFile.OpenRead(feed.PackageFile(id!));
            var nuspec = XDocument.Load(package.GetEntry($"{id}.nuspec")!.Open());
            string? Metadata(string name) => nuspec.Descendants().FirstOrDefault(element => element.Name.LocalName == name)?.Value;
            var repository = nuspec.Descendants().Single(element => element.Name.LocalName == "repository");

            Assert.Equal(feed.Version, Metadata("version"));
            Assert.Equal("Apache-2.0", Metadata("license"));
            Assert.Equal("The Ember authors", Metadata("authors"));
            // The SDK's default says nothing: every project sets its own.
            Assert.NotEqual("Package Description", Metadata("description"));
            Assert.False(string.IsNullOrWhiteSpace(Metadata("description")), $"{id} has no description.");
            Assert.False(string.IsNullOrWhiteSpace(Metadata("tags")), $"{id} has no tags.");
            Assert.Equal("https://github.com/ember-streaming/ember", repository.Attribute("url")?.Value);
            Assert.Equal("README.md", Metadata("readme"));
            Assert.NotNull(package.GetEntry("README.md"));
            Assert.Contains("Apache License", new StreamReader(package.GetEntry("LICENSE")!.Open()).ReadToEnd(), StringComparison.Ordinal);
            var isTemplate = nuspec.Descendants().Any(element => element.Name.LocalName == "packageType" && element.Attribute("name")?.Value == "Template");
            // A library comes with its symbols; a template package has no assembly.
            Assert.Equal(!isTemplate, File.Exists(Path.ChangeExtension(feed.PackageFile(id!), ".snupkg")));
        }
    }

    [Fact]
    public async Task AddPackage_FreshConsoleProject_RunsAStreamingWordCount()
    {
        var project = Path.Combine(feed.Work, "WordCountApp");
        Directory.CreateDirectory(project);
        // What `dotnet new console` writes, without touching a template hive.
        await File.WriteAllTextAsync(Path.Combine(project, "WordCountApp.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
            </Project>
            """);
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), WordCountProgram);

        await DotnetCli.RunAsync(project, PackedFeed.CommandTimeout, feed.Environment, "add", "package", "Ember.Streaming", "--version", feed.Version);
        var output = await DotnetCli.RunAsync(project, PackedFeed.CommandTimeout, feed.Environment, "run", "-c", "Release");

        var lines = output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("be=2 is=1 not=1 or=1 question=1 that=1 the=1 to=2", lines);
        Assert.Contains("not=1 or=1 stream=2 to=2", lines);
    }

    // Spark's queue-stream word count: two batches of lines, the counts of each printed, then a graceful stop.
    private const string WordCountProgram = """
        using System.Collections.Concurrent;
        using Ember;
        using Ember.Streaming;

        await using var ssc = new StreamingContext(new EmberOptions { AppName = "WordCountApp", Master = "local[2]" }, TimeSpan.FromMilliseconds(200));
        var queue = new ConcurrentQueue<Rdd<string>>();
        queue.Enqueue(ssc.EmberContext.Parallelize(new[] { "to be or not to be", "that is the question" }, 2));
        queue.Enqueue(ssc.EmberContext.Parallelize(new[] { "to stream or not to stream" }, 2));
        var printed = 0;
        var done = new TaskCompletionSource();
        ssc.QueueStream(queue)
           .FlatMap(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
           .Map(word => (word, 1))
           .ReduceByKey((a, b) => a + b)
           .ForEachRdd(rdd =>
           {
               var counts = rdd.Collect();
               if (counts.Count > 0)
               {
                   Console.WriteLine(string.Join(" ", counts.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"{pair.Key}={pair.Value}")));
                   if (++printed == 2)
                   {
                       done.TrySetResult();
                   }
               }
           });
        ssc.Start();
        await Task.WhenAny(done.Task, ssc.AwaitTerminationAsync());
        await ssc.StopAsync(graceful: true);
        """;
}

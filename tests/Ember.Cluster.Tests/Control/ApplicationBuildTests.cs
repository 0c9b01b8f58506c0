using Ember.Cluster.Control;

namespace Ember.Cluster.Tests.Control;

public sealed class ApplicationBuildTests
{
    [Fact]
    public void Current_ListsTheApplicationAssembliesWithTheirLoadedMvids()
    {
        var build = ApplicationBuild.Current;
        var mvids = build.Assemblies.ToDictionary(a => a.FileName, a => a.Mvid);
        Assert.Equal(typeof(ClusterNames).Module.ModuleVersionId, mvids["Ember.Cluster.dll"]);
        Assert.Equal(typeof(Ember.Rdd<>).Module.ModuleVersionId, mvids["Ember.Core.dll"]);
        Assert.Equal(GetType().Module.ModuleVersionId, mvids["Ember.Cluster.Tests.dll"]);
        Assert.Contains("Ember.Executor.dll", mvids.Keys);
        Assert.Equal(build.Assemblies.OrderBy(a => a.FileName, StringComparer.Ordinal), build.Assemblies);
    }

    [Fact]
    public void Difference_SameBuild_IsNull()
    {
        var build = ApplicationBuild.Current;
        Assert.Null(build.Difference("1", build.Digest, build.Assemblies));
        Assert.Null(build.Difference("1", build.Digest, []));
    }

    [Fact]
    public void Difference_OneAssemblyRebuilt_NamesItAndBothMvids()
    {
        var build = ApplicationBuild.Current;
        var theirs = build.Assemblies.Select(a => a.FileName == "Ember.Core.dll" ? a with { Mvid = Guid.Empty } : a).ToList();
        var mine = build.Assemblies.Single(a => a.FileName == "Ember.Core.dll").Mvid;
        Assert.Equal($"executor 3 runs a different build of Ember.Core.dll: {mine} on the driver, {Guid.Empty} on the executor",
            build.Difference("3", "other", theirs));
    }

    [Fact]
    public void Difference_MissingOrExtraAssembly_IsNamed()
    {
        var build = ApplicationBuild.Current;
        var missing = build.Assemblies.Where(a => a.FileName != "Ember.Core.dll").ToList();
        Assert.StartsWith("executor 3 lacks Ember.Core.dll", build.Difference("3", "other", missing));
        var extra = build.Assemblies.Append(new AssemblyFingerprint("Zzz.dll", Guid.Empty)).ToList();
        Assert.StartsWith("executor 3 has Zzz.dll", build.Difference("3", "other", extra));
    }

    [Fact]
    public void Difference_DigestOnly_NamesBothDigests()
    {
        var build = ApplicationBuild.Current;
        Assert.Equal($"executor 3 runs a different build: assembly digest {build.Digest} on the driver, abc on the executor",
            build.Difference("3", "abc", []));
    }

    [Fact]
    public void ListForRegistration_FitsAControlMessage()
    {
        var build = ApplicationBuild.Current;
        var registration = new RegisterExecutor("1", "127.0.0.1", 0, 1, build.Digest, build.ListForRegistration());
        Assert.NotEmpty(registration.Assemblies);
        Assert.True(ControlMessageSerializer.Encode(registration).Length < ControlMessageSerializer.MaxMessageBytes / 2);
    }

    [Fact]
    public void ReadMvid_NonAssemblyFile_IsNull()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "not a PE file");
            Assert.Null(ApplicationBuild.ReadMvid(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

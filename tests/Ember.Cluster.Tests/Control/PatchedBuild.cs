using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Ember.Cluster.Tests.Control;

/// <summary>
/// A copy of the test application's directory in which one assembly's module version id was overwritten: a build
/// that differs from the driver's by one assembly, as a stale deployment would. Deleted on dispose.
/// </summary>
internal sealed class PatchedBuild : IDisposable
{
    private PatchedBuild(string directory, string patchedFile, Guid oldMvid, Guid newMvid)
    {
        Directory = directory;
        PatchedFile = patchedFile;
        OldMvid = oldMvid;
        NewMvid = newMvid;
    }

    public string Directory { get; }

    public string PatchedFile { get; }

    public Guid OldMvid { get; }

    public Guid NewMvid { get; }

    /// <summary>Copies <see cref="AppContext.BaseDirectory"/> and gives <paramref name="fileName"/> a new MVID.</summary>
    public static PatchedBuild Create(string fileName)
    {
        var source = AppContext.BaseDirectory;
        var target = Path.Combine(Path.GetTempPath(), "ember-build-" + Guid.NewGuid().ToString("N"));
        foreach (var file in System.IO.Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
        var path = Path.Combine(target, fileName);
        var newMvid = Guid.NewGuid();
        var oldMvid = OverwriteMvid(path, newMvid);
        return new PatchedBuild(target, fileName, oldMvid, newMvid);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A process still holding a file; the temp directory is cleaned by the system.
        }
    }

    /// <summary>Writes <paramref name="mvid"/> over the module's MVID in the #GUID heap; returns the old one.</summary>
    private static Guid OverwriteMvid(string path, Guid mvid)
    {
        long offset;
        Guid old;
        using (var stream = File.OpenRead(path))
        using (var pe = new PEReader(stream))
        {
            var reader = pe.GetMetadataReader();
            var handle = reader.GetModuleDefinition().Mvid;
            old = reader.GetGuid(handle);
            // A GUID handle's heap "offset" is its 1-based index among the heap's 16-byte entries.
            offset = pe.PEHeaders.MetadataStartOffset + reader.GetHeapMetadataOffset(HeapIndex.Guid)
                     + (MetadataTokens.GetHeapOffset(handle) - 1) * 16L;
        }
        using (var stream = File.OpenWrite(path))
        {
            stream.Position = offset;
            stream.Write(mvid.ToByteArray());
        }
        return old;
    }
}

using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;

namespace Ember.Cluster.Control;

/// <summary>
/// The fingerprint of an application build: the module version id (MVID, new on every compilation) of each managed
/// assembly in the application directory, read from metadata without loading anything. Tasks name methods of these
/// assemblies (closures travel as method identities), so a driver and an executor must run the very same build.
/// The whole directory is fingerprinted, not only Ember's assemblies: a user's lambda lives in the user's assembly.
/// </summary>
internal sealed class ApplicationBuild
{
    /// <summary>Past this many bytes of file names and ids, a registration carries the digest only.</summary>
    public const int MaxListedBytes = 48 * 1024;

    private ApplicationBuild(AssemblyFingerprint[] assemblies)
    {
        Array.Sort(assemblies, (a, b) => string.CompareOrdinal(a.FileName, b.FileName));
        Assemblies = assemblies;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var a in assemblies)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(a.FileName));
            sha.AppendData(a.Mvid.ToByteArray());
        }
        Digest = Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The assemblies, sorted by file name.</summary>
    public IReadOnlyList<AssemblyFingerprint> Assemblies { get; }

    /// <summary>SHA-256 of the sorted list, in hex: equal digests mean equal builds.</summary>
    public string Digest { get; }

    /// <summary>The build of the running application (its <see cref="AppContext.BaseDirectory"/>).</summary>
    public static ApplicationBuild Current { get; } = Read(AppContext.BaseDirectory);

    /// <summary>Reads the managed *.dll files directly in <paramref name="directory"/> (native dlls are skipped).</summary>
    public static ApplicationBuild Read(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var list = new List<AssemblyFingerprint>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.dll"))
        {
            if (ReadMvid(path) is { } mvid)
                list.Add(new AssemblyFingerprint(Path.GetFileName(path), mvid));
        }
        return new ApplicationBuild([.. list]);
    }

    /// <summary>The list as a registration carries it: whole, or empty when it would crowd the control message.</summary>
    public IReadOnlyList<AssemblyFingerprint> ListForRegistration() =>
        Assemblies.Sum(a => Encoding.UTF8.GetByteCount(a.FileName) + 18) <= MaxListedBytes ? Assemblies : [];

    /// <summary>
    /// Why an executor's build is not this one (naming the first assembly that differs and both ids), or null when
    /// they are the same build.
    /// </summary>
    public string? Difference(string executorId, string digest, IReadOnlyList<AssemblyFingerprint> assemblies)
    {
        if (digest == Digest)
            return null;
        if (assemblies.Count == 0)
            return $"executor {executorId} runs a different build: assembly digest {Digest} on the driver, {digest} on the executor";
        var theirs = assemblies.ToDictionary(a => a.FileName, a => a.Mvid, StringComparer.Ordinal);
        foreach (var mine in Assemblies)
        {
            if (!theirs.TryGetValue(mine.FileName, out var mvid))
                return $"executor {executorId} lacks {mine.FileName}, which the driver has ({mine.Mvid})";
            if (mvid != mine.Mvid)
                return $"executor {executorId} runs a different build of {mine.FileName}: {mine.Mvid} on the driver, {mvid} on the executor";
        }
        var extra = assemblies.FirstOrDefault(a => !Assemblies.Any(m => m.FileName == a.FileName));
        return extra.FileName is not null
            ? $"executor {executorId} has {extra.FileName} ({extra.Mvid}), which the driver lacks"
            : $"executor {executorId} runs a different build: assembly digest {Digest} on the driver, {digest} on the executor";
    }

    /// <summary>The module version id of a managed assembly, or null for a native or unreadable file.</summary>
    public static Guid? ReadMvid(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
                return null;
            var reader = pe.GetMetadataReader();
            return reader.IsAssembly ? reader.GetGuid(reader.GetModuleDefinition().Mvid) : null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }
}

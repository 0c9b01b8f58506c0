namespace Ember.Streaming.Checkpointing;

/// <summary>
/// The checkpoint store: where manifests and state snapshots live, reached by the driver and by every executor, so a
/// part file an executor writes is one the driver and any other executor can read. Paths are relative to the store and
/// use '/'. Implementations travel inside tasks: they hold plain data (a root path, a bucket name), never a handle.
/// Writers follow one rule: executors write only files with temporary names (<see cref="WriteTemporary"/>); the
/// driver alone gives them their final names (<see cref="Rename"/>) and alone writes metadata
/// (<see cref="WriteAtomically"/>), so no reader ever sees half a snapshot.
/// </summary>
internal interface ICheckpointStorage
{
    /// <summary>Where the store is, for messages and logs.</summary>
    string Location { get; }

    /// <summary>
    /// Writes <paramref name="bytes"/> durably under a temporary name of its own next to <paramref name="path"/> and
    /// returns that name (relative to the store): two attempts at one file never write over each other.
    /// </summary>
    string WriteTemporary(string path, ReadOnlySpan<byte> bytes);

    /// <summary>Writes <paramref name="path"/> so that a reader sees either the old file or the whole new one (the driver's metadata).</summary>
    void WriteAtomically(string path, ReadOnlySpan<byte> bytes);

    /// <summary>The whole file; <see cref="IOException"/> (or <see cref="FileNotFoundException"/>) when it cannot be read.</summary>
    byte[] Read(string path);

    /// <summary>Gives <paramref name="from"/> (a file or a directory) the name <paramref name="to"/>, replacing what is there.</summary>
    void Rename(string from, string to);

    /// <summary>The names (not paths) of the files directly in <paramref name="directory"/>; empty when it does not exist.</summary>
    IReadOnlyList<string> Files(string directory);

    /// <summary>The names of the directories directly in <paramref name="directory"/>; empty when it does not exist.</summary>
    IReadOnlyList<string> Directories(string directory);

    /// <summary>Removes a file, or a directory with everything in it; nothing when it does not exist.</summary>
    void Delete(string path);
}

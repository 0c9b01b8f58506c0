namespace Ember.Streaming.Receivers.WriteAheadLog;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of each write-ahead log record: it tells a record torn by a crash mid-append, or
/// altered on disk, from a whole one. Table-driven; the log's cost is the fsync, not this.
/// </summary>
internal static class Crc32C
{
    private const uint Polynomial = 0x82F63B78; // reflected 0x1EDC6F41
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ Polynomial : entry >> 1;
            }
            table[i] = entry;
        }
        return table;
    }
}

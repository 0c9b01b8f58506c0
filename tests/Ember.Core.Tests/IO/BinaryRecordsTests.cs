namespace Ember.Tests.IO;

public sealed class BinaryRecordsTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly EmberContext context = new(new EmberOptions { Master = "local[2]" });

    public void Dispose()
    {
        context.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task BinaryRecords_File_ExactRecordsInOrder()
    {
        var path = WriteBytes("records.bin", Sequence(0, 12));

        var records = await context.BinaryRecords(path, 4).CollectAsync();

        Assert.Equal([Sequence(0, 4), Sequence(4, 4), Sequence(8, 4)], records);
    }

    [Fact]
    public async Task BinaryRecords_Directory_VisibleFilesInNameOrder()
    {
        WriteBytes("b.bin", [3, 4]);
        WriteBytes("a.bin", [1, 2]);
        WriteBytes(".hidden", [9]);
        WriteBytes("_SUCCESS", [9, 9, 9]);

        var records = await context.BinaryRecords(temp.Path, 2).CollectAsync();

        Assert.Equal([new byte[] { 1, 2 }, new byte[] { 3, 4 }], records);
    }

    [Fact]
    public async Task BinaryRecords_EmptyFile_NoRecords()
    {
        var path = WriteBytes("empty.bin", []);

        Assert.Empty(await context.BinaryRecords(path, 8).CollectAsync());
    }

    [Fact]
    public async Task BinaryRecords_RecordsAreDistinctArrays()
    {
        var path = WriteBytes("records.bin", [1, 1, 2, 2]);

        var records = await context.BinaryRecords(path, 2).CollectAsync();

        Assert.NotSame(records[0], records[1]);
        records[0][0] = 42;
        Assert.Equal([2, 2], records[1]);
    }

    [Fact]
    public async Task BinaryRecords_LargeFile_SplitOnRecordBoundaries()
    {
        // 3 MB of 3-byte records: split into several partitions, none cutting a record.
        const int recordLength = 3;
        const int count = 1024 * 1024;
        var bytes = new byte[recordLength * count];
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(bytes.AsSpan(i * recordLength, recordLength), (ushort)i);
            bytes[(i * recordLength) + 2] = (byte)(i >> 16);
        }
        var path = WriteBytes("large.bin", bytes);

        var rdd = context.BinaryRecords(path, recordLength);
        var records = await rdd.CollectAsync();

        Assert.True(rdd.Partitions.Count > 1, $"expected several partitions, got {rdd.Partitions.Count}");
        Assert.Equal(count, records.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(i, BitConverter.ToUInt16(records[i], 0) | (records[i][2] << 16));
        }
    }

    [Fact]
    public void BinaryRecords_LengthNotAMultiple_ErrorNamesFileAndLength()
    {
        WriteBytes("good.bin", Sequence(0, 8));
        var bad = WriteBytes("bad.bin", Sequence(0, 10));

        var error = Assert.Throws<InvalidDataException>(() => context.BinaryRecords(temp.Path, 4));

        Assert.Contains(bad, error.Message);
        Assert.Contains("10 bytes", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void BinaryRecords_RecordLengthBelowOne_Throws(int recordLength)
    {
        var path = WriteBytes("records.bin", Sequence(0, 4));

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => context.BinaryRecords(path, recordLength));

        Assert.Equal(recordLength, error.ActualValue);
    }

    [Fact]
    public void BinaryRecords_MissingPath_ThrowsNamingIt()
    {
        var missing = temp.Combine("missing");

        var error = Assert.Throws<FileNotFoundException>(() => context.BinaryRecords(missing, 4));

        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task BinaryRecords_FileShrankAfterListing_JobFailsNamingIt()
    {
        var path = WriteBytes("records.bin", Sequence(0, 8));
        var rdd = context.BinaryRecords(path, 4);
        File.WriteAllBytes(path, Sequence(0, 4));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => rdd.CollectAsync());

        Assert.Contains(path, Flatten(error));
    }

    private static string Flatten(Exception error) => error.InnerException is { } inner ? $"{error.Message} {Flatten(inner)}" : error.Message;

    private static byte[] Sequence(int start, int count) => [.. Enumerable.Range(start, count).Select(i => (byte)i)];

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}

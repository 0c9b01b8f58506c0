using Ember.Streaming.Listener;

namespace Ember.Streaming.Tests.Files;

public sealed class BinaryRecordsStreamTests
{
    [Fact]
    public async Task BinaryRecordsStream_FileMovedIn_ExactRecordsAndRecordCounts()
    {
        await using var harness = new FileSourceHarness();
        var stream = harness.Context.BinaryRecordsStream(harness.Watched, 5);
        var outputs = harness.Collect(stream);
        harness.Start();
        var infos = new List<BatchInfo> { await harness.AdvanceAsync() };

        harness.MoveIn("records.bin", [.. Enumerable.Range(0, 15).Select(i => (byte)i)], harness.Now);
        harness.MoveIn("more.bin", [.. Enumerable.Range(100, 5).Select(i => (byte)i)], harness.Now + TimeSpan.FromMilliseconds(1) - FileSourceHarness.Interval);
        infos.Add(await harness.AdvanceAsync());
        infos.Add(await harness.AdvanceAsync());

        byte[][] expected =
        [
            [100, 101, 102, 103, 104],
            [0, 1, 2, 3, 4],
            [5, 6, 7, 8, 9],
            [10, 11, 12, 13, 14],
        ];
        Assert.Equal(expected, outputs[harness.BatchTimes[1]]);
        Assert.Empty(outputs[harness.BatchTimes[2]]);
        Assert.Equal([0L, 4L, 0L], infos.Select(info => info.StreamIdToInputInfo[stream.Id].NumRecords));
    }

    [Fact]
    public async Task BinaryRecordsStream_FileLengthNotAMultiple_BatchFailsNamingFileAndLength()
    {
        await using var harness = new FileSourceHarness();
        harness.Collect(harness.Context.BinaryRecordsStream(harness.Watched, 4));
        harness.Start();
        await harness.AdvanceAsync();

        var path = harness.MoveIn("torn.bin", new byte[7], harness.Now);
        var error = await Assert.ThrowsAsync<StreamingJobException>(() => harness.AdvanceAsync());

        var messages = Messages(error);
        Assert.Contains(path, messages);
        Assert.Contains("7 bytes", messages);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task BinaryRecordsStream_RecordLengthBelowOne_Throws(int recordLength)
    {
        await using var harness = new FileSourceHarness();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => harness.Context.BinaryRecordsStream(harness.Watched, recordLength));

        Assert.Equal(recordLength, error.ActualValue);
    }

    [Fact]
    public async Task BinaryRecordsStream_MissingDirectory_ThrowsNamingIt()
    {
        await using var harness = new FileSourceHarness();
        var missing = Path.Combine(harness.Root, "nowhere");

        var error = Assert.Throws<DirectoryNotFoundException>(() => harness.Context.BinaryRecordsStream(missing, 4));

        Assert.Contains(missing, error.Message);
    }

    private static string Messages(Exception error) => error.InnerException is { } inner ? $"{error.Message} | {Messages(inner)}" : error.Message;
}

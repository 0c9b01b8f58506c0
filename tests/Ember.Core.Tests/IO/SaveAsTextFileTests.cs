using System.Collections.Concurrent;
using Ember.Scheduling;

namespace Ember.Tests.IO;

public sealed class SaveAsTextFileTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly EmberContext context = new(new EmberOptions { Master = "local[2]" });

    public void Dispose()
    {
        context.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task SaveAsTextFileAsync_ThreePartitions_OnePartFileEachAndSuccessMarker()
    {
        var target = temp.Combine("out");

        await context.Parallelize(Enumerable.Range(0, 10), 3).SaveAsTextFileAsync(target);

        Assert.Equal(["_SUCCESS", "part-00000", "part-00001", "part-00002"], FileNames(target));
        Assert.Equal(0, new FileInfo(Path.Combine(target, "_SUCCESS")).Length);
        Assert.Equal("0\n1\n2\n", File.ReadAllText(Path.Combine(target, "part-00000")));
        Assert.Equal("3\n4\n5\n", File.ReadAllText(Path.Combine(target, "part-00001")));
        Assert.Equal("6\n7\n8\n9\n", File.ReadAllText(Path.Combine(target, "part-00002")));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_EmptyPartition_WritesEmptyPartFile()
    {
        var target = temp.Combine("out");

        await context.Parallelize([1], 2).SaveAsTextFileAsync(target);

        Assert.Equal(["_SUCCESS", "part-00000", "part-00001"], FileNames(target));
        Assert.Equal("", File.ReadAllText(Path.Combine(target, "part-00000")));
        Assert.Equal("1\n", File.ReadAllText(Path.Combine(target, "part-00001")));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_Records_LinesAreToStringWithNullAsNull()
    {
        var target = temp.Combine("out");
        string?[] items = ["plain", null, "café 日本 😀", ""];

        await context.Parallelize(items, 1).SaveAsTextFileAsync(target);
        await context.Parallelize<object>([(1, "a"), 2.5, new Uri("http://example.com/")], 1).SaveAsTextFileAsync(temp.Combine("objects"));

        Assert.Equal(["plain", "null", "café 日本 😀", ""], File.ReadAllLines(Path.Combine(target, "part-00000")));
        Assert.Equal(["(1, a)", "2.5", "http://example.com/"], File.ReadAllLines(Path.Combine(temp.Combine("objects"), "part-00000")));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_ThenTextFile_RoundTrips()
    {
        var target = temp.Combine("out");
        var lines = Enumerable.Range(0, 5000).Select(i => $"line {i} {new string('x', i % 13)} é").ToList();

        await context.Parallelize(lines, 12).SaveAsTextFileAsync(target);

        Assert.Equal(lines, await context.TextFile(target).CollectAsync());
    }

    [Fact]
    public async Task SaveAsTextFileAsync_ExistingDirectory_ThrowsIOExceptionNamingIt()
    {
        var target = temp.Combine("out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");

        var error = await Assert.ThrowsAsync<IOException>(() => context.Parallelize([1, 2]).SaveAsTextFileAsync(target));

        Assert.Contains(target, error.Message, StringComparison.Ordinal);
        Assert.Equal(["keep.txt"], FileNames(target));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_ExistingFile_ThrowsIOExceptionNamingIt()
    {
        var target = temp.WriteFile("out", "mine");

        var error = await Assert.ThrowsAsync<IOException>(() => context.Parallelize([1, 2]).SaveAsTextFileAsync(target));

        Assert.Contains(target, error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(target));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_JobFails_LeavesNothingBehind()
    {
        var target = temp.Combine("out");
        var rdd = context.Parallelize(Enumerable.Range(0, 100), 4).Map<int>(_ => throw new InvalidOperationException("always"));

        var error = await Assert.ThrowsAsync<JobFailedException>(() => rdd.SaveAsTextFileAsync(target));

        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_JobFailsAfterSomeRecords_LeavesNothingBehind()
    {
        var target = temp.Combine("out");
        var rdd = context.Parallelize(Enumerable.Range(0, 100), 4).Map(item => item % 25 == 20 ? throw new InvalidOperationException("late") : item);

        await Assert.ThrowsAsync<JobFailedException>(() => rdd.SaveAsTextFileAsync(target));

        Assert.False(Directory.Exists(target));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_TaskFailsOnceThenSucceeds_EachLineWrittenOnce()
    {
        var target = temp.Combine("out");
        var rdd = FailingFirstAttempt(context.Parallelize(Enumerable.Range(0, 100), 2));

        await rdd.SaveAsTextFileAsync(target);

        Assert.Equal(Enumerable.Range(0, 100).Select(item => item.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            await context.TextFile(target).CollectAsync());
    }

    [Fact]
    public async Task SaveAsTextFileAsync_TaskFailsOnceThenSucceeds_NoFilesLeftFromFailedAttempt()
    {
        var target = temp.Combine("out");
        var rdd = FailingFirstAttempt(context.Parallelize(Enumerable.Range(0, 100), 2));

        await rdd.SaveAsTextFileAsync(target);

        Assert.Equal(["_SUCCESS", "part-00000", "part-00001"], FileNames(target));
        Assert.Equal([target], Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public async Task SaveAsTextFileAsync_TargetInMissingParent_CreatesParent()
    {
        var target = Path.Combine(temp.Path, "a", "b", "out");

        await context.Parallelize([1, 2, 3], 1).SaveAsTextFileAsync(target);

        Assert.Equal(["1", "2", "3"], File.ReadAllLines(Path.Combine(target, "part-00000")));
    }

    /// <summary>Each partition's first attempt writes a few records, then throws; the retry succeeds.</summary>
    private static Rdd<int> FailingFirstAttempt(Rdd<int> source)
    {
        var attempts = new ConcurrentDictionary<int, int>();
        return source.MapPartitionsWithIndex((index, items) =>
            attempts.AddOrUpdate(index, 1, (_, count) => count + 1) == 1 ? FailAfter(items, 5) : items);
    }

    private static IEnumerable<T> FailAfter<T>(IEnumerable<T> items, int count)
    {
        var yielded = 0;
        foreach (var item in items)
        {
            if (yielded++ == count)
            {
                throw new InvalidOperationException($"failed after {count} record(s)");
            }
            yield return item;
        }
    }

    private static List<string> FileNames(string directory) =>
        [.. Directory.EnumerateFileSystemEntries(directory).Select(entry => Path.GetFileName(entry)).Order(StringComparer.Ordinal)];
}

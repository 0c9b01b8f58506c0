using System.Text;
using Ember.IO;
using Ember.Tests.Backends;
using FsCheck.Xunit;

namespace Ember.Tests.IO;

public class TextFileTests : BackendTests
{
    private readonly TempDirectory temp = new();
    private readonly EmberContext context;

    public TextFileTests() => context = Context("local[2]");

    public override void Dispose()
    {
        base.Dispose();
        temp.Dispose();
    }

    [Fact]
    public async Task TextFile_File_ReadsItsLines()
    {
        var path = temp.WriteFile("input.txt", "one\ntwo\nthree\n");

        Assert.Equal(["one", "two", "three"], await context.TextFile(path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_Utf8ByteOrderMark_IsNotPartOfTheFirstLine()
    {
        var path = temp.WriteFile("bom.txt", "placeholder");
        File.WriteAllText(path, "first\nsecond\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        Assert.Equal(["first", "second"], await context.TextFile(path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_Directory_ReadsVisibleFilesInNameOrder()
    {
        temp.WriteFile("b.txt", "b1\nb2\n");
        temp.WriteFile("a.txt", "a1\na2\n");
        temp.WriteFile("c", "c1\n");
        temp.WriteFile(".hidden", "hidden\n");
        temp.WriteFile("_SUCCESS", "marker\n");
        temp.WriteFile("_temporary", "partial\n");

        var lines = await context.TextFile(temp.Path).CollectAsync();

        Assert.Equal(["a1", "a2", "b1", "b2", "c1"], lines);
    }

    [Fact]
    public async Task TextFile_DirectoryWithOnlyHiddenFiles_Empty()
    {
        temp.WriteFile(".crc", "x\n");
        temp.WriteFile("_SUCCESS", "");

        Assert.Empty(await context.TextFile(temp.Path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_LfAndCrLf_LineEndsRemoved()
    {
        var path = temp.WriteFile("input.txt", "unix\nwindows\r\nunix again\nwindows again\r\n");

        Assert.Equal(["unix", "windows", "unix again", "windows again"], await context.TextFile(path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_EmptyLines_Kept()
    {
        var path = temp.WriteFile("input.txt", "\nfirst\n\n\r\nlast\n\n");

        Assert.Equal(["", "first", "", "", "last", ""], await context.TextFile(path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_LastLineWithoutNewline_Read()
    {
        var path = temp.WriteFile("input.txt", "first\nlast");

        Assert.Equal(["first", "last"], await context.TextFile(path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_SingleLineWithoutNewline_Read()
    {
        var path = temp.WriteFile("input.txt", "only");

        Assert.Equal(["only"], await context.TextFile(path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_EmptyFile_NoLines()
    {
        var path = temp.WriteFile("empty.txt", "");

        var rdd = context.TextFile(path);

        Assert.Empty(await rdd.CollectAsync());
        Assert.Equal(0, await rdd.CountAsync());
    }

    [Fact]
    public async Task TextFile_NonAsciiUtf8_Decoded()
    {
        var path = temp.WriteFile("input.txt", "café\n日本語\r\nsmile 😀 done\nnaïve 🎉🎉");

        Assert.Equal(["café", "日本語", "smile 😀 done", "naïve 🎉🎉"], await context.TextFile(path).CollectAsync());
    }

    [Fact]
    public async Task TextFile_LargeFileWithMinPartitions_SplitsWithoutLosingOrRepeatingLines()
    {
        var path = temp.Combine("large.txt");
        WriteLargeFile(path, targetBytes: 5 * 1024 * 1024, newline: "\n");
        var expected = File.ReadAllLines(path);

        var rdd = context.TextFile(path, minPartitions: 4);
        var lines = await rdd.CollectAsync();

        Assert.True(rdd.Partitions.Count >= 4, $"Expected at least 4 partitions, got {rdd.Partitions.Count}.");
        Assert.Equal(expected.Length, lines.Count);
        Assert.Equal(expected, lines);
    }

    [Fact]
    public async Task TextFile_LargeFileWithCrLfAndNonAscii_SplitsWithoutLosingOrRepeatingLines()
    {
        var path = temp.Combine("large.txt");
        WriteLargeFile(path, targetBytes: 3 * 1024 * 1024, newline: "\r\n", suffix: " é日本😀");
        var expected = File.ReadAllLines(path);

        var rdd = context.TextFile(path, minPartitions: 3);
        var lines = await rdd.CollectAsync();

        Assert.True(rdd.Partitions.Count >= 3, $"Expected at least 3 partitions, got {rdd.Partitions.Count}.");
        Assert.Equal(expected, lines);
        Assert.Equal(expected.Length, await rdd.CountAsync());
    }

    [Fact]
    public void TextFile_MissingPath_ThrowsFileNotFoundNamingPath()
    {
        var missing = temp.Combine("no-such-file.txt");

        var error = Assert.Throws<FileNotFoundException>(() => context.TextFile(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Equal(missing, error.FileName);
    }

    [Fact]
    public void TextFile_MinPartitionsZero_ThrowsArgumentOutOfRange()
    {
        var path = temp.WriteFile("input.txt", "x\n");

        Assert.Throws<ArgumentOutOfRangeException>(() => context.TextFile(path, minPartitions: 0));
    }

    [Fact]
    public void ReadLines_WholeFile_EqualsReadAllLines()
    {
        var text = "alpha\r\n\nbeta 日本\n\r\ngamma😀";
        var path = temp.WriteFile("input.txt", text);

        var lines = LineReader.ReadLines(path, 0, new FileInfo(path).Length, CancellationToken.None);

        Assert.Equal(File.ReadAllLines(path), lines);
    }

    [Fact]
    public void ReadLines_RangeOfEveryByte_ConcatenationEqualsAllLines()
    {
        var path = temp.WriteFile("input.txt", BuildText([3, 0, 17, 130, 1, 0, 0, 255, 40, 200], trailingNewline: false));
        var length = new FileInfo(path).Length;

        var lines = Enumerable.Range(0, (int)length)
            .SelectMany(start => LineReader.ReadLines(path, start, start + 1, CancellationToken.None))
            .ToList();

        Assert.Equal(File.ReadAllLines(path), lines);
    }

    [Property(MaxTest = 200)]
    public bool ReadLines_RandomCuts_ConcatenationEqualsAllLines(byte[] shapes, int[] cuts, bool trailingNewline)
    {
        var path = temp.WriteFile($"input-{Guid.NewGuid():N}.txt", BuildText(shapes, trailingNewline));
        var length = new FileInfo(path).Length;
        // Cut points anywhere after the first byte (repeats and the very end allowed: empty ranges must read nothing).
        long[] bounds = [0, .. cuts.Select(cut => length == 0 ? 0 : 1 + (long)(uint)cut % length).Order(), length];

        var lines = bounds.Zip(bounds.Skip(1))
            .SelectMany(range => LineReader.ReadLines(path, range.First, range.Second, CancellationToken.None))
            .ToList();

        return File.ReadAllLines(path).SequenceEqual(lines);
    }

    [Fact]
    public void ReadLines_EmptyRangeAtFileStart_ReturnsNoLines()
    {
        var path = temp.WriteFile("input.txt", "first\nsecond\n");

        // A range owns the lines whose first byte lies in [start, end); [0, 0) owns none.
        Assert.Empty(LineReader.ReadLines(path, 0, 0, CancellationToken.None));
    }

    [Fact]
    public void ReadLines_RangeEndingInsideFirstLine_ReturnsWholeFirstLine()
    {
        var path = temp.WriteFile("input.txt", "first line\nsecond\n");

        Assert.Equal(["first line"], LineReader.ReadLines(path, 0, 3, CancellationToken.None));
        Assert.Equal(["second"], LineReader.ReadLines(path, 3, 100, CancellationToken.None));
    }

    [Fact]
    public void ReadLines_CancelledToken_Throws()
    {
        var path = temp.WriteFile("input.txt", "a\nb\n");

        Assert.ThrowsAny<OperationCanceledException>(() => LineReader.ReadLines(path, 0, 4, new CancellationToken(canceled: true)).ToList());
    }

    /// <summary>One line per shape: its length and characters come from the shape, its end is \r\n when the top bit is set.</summary>
    private static string BuildText(IEnumerable<byte> shapes, bool trailingNewline)
    {
        string[] pieces = ["a", "bc", "é", "日本", "😀", " ", "xyz", "0"];
        var text = new StringBuilder();
        var first = true;
        var lastEnd = "\n";
        foreach (var shape in shapes)
        {
            if (!first)
            {
                text.Append(lastEnd);
            }
            first = false;
            for (var i = 0; i < shape % 23; i++)
            {
                text.Append(pieces[(shape + i) % pieces.Length]);
            }
            lastEnd = (shape & 0x80) != 0 ? "\r\n" : "\n";
        }
        if (!first && trailingNewline)
        {
            text.Append(lastEnd);
        }
        return text.ToString();
    }

    private static void WriteLargeFile(string path, long targetBytes, string newline, string suffix = "")
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.NewLine = newline;
        var line = 0;
        while (writer.BaseStream.Length < targetBytes)
        {
            // Lengths vary from line to line so the split points land at every kind of offset.
            writer.WriteLine($"{line:D7} {new string((char)('a' + line % 26), line % 97)}{(line % 5 == 0 ? suffix : "")}");
            if (line % 1000 == 0)
            {
                writer.Flush();
            }
            line++;
        }
        if (line % 2 == 0)
        {
            writer.Write("final line without newline");
        }
    }
}

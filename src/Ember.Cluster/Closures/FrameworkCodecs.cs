using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Ember.Cluster.Closures;

/// <summary>
/// Framework objects rebuilt from what defines them, not from their internals: a <see cref="Type"/> by name, a
/// <see cref="Regex"/> by pattern and options (a source-generated regex becomes an interpreted one with the same
/// behaviour), a culture by name, an encoding by code page, a URI and a file or directory by path.
/// </summary>
internal static class FrameworkCodecs
{
    public static ObjectCodec? For(Type type) =>
        typeof(Type).IsAssignableFrom(type) ? new ValueCodec<Type>((w, v) => w.WriteType(v), r => r.ReadType())
        : typeof(Regex).IsAssignableFrom(type) ? new ValueCodec<Regex>(WriteRegex, ReadRegex)
        : type == typeof(CultureInfo) ? new ValueCodec<CultureInfo>((w, v) => w.WriteString(v.Name), r => r.ReadString() is { Length: > 0 } name ? CultureInfo.GetCultureInfo(name) : CultureInfo.InvariantCulture)
        : typeof(Encoding).IsAssignableFrom(type) && Codecs.IsFramework(type) ? new ValueCodec<Encoding>(WriteEncoding, ReadEncoding)
        : type == typeof(Uri) ? new ValueCodec<Uri>(WriteUri, ReadUri)
        : type == typeof(FileInfo) ? new ValueCodec<FileInfo>((w, v) => w.WriteString(v.FullName), r => new FileInfo(r.ReadString()))
        : type == typeof(DirectoryInfo) ? new ValueCodec<DirectoryInfo>((w, v) => w.WriteString(v.FullName), r => new DirectoryInfo(r.ReadString()))
        : null;

    private static void WriteRegex(GraphWriter writer, Regex regex)
    {
        writer.WriteString(regex.ToString());
        writer.WriteVarInt64((long)regex.Options);
        writer.WriteVarInt64(regex.MatchTimeout.Ticks);
    }

    private static Regex ReadRegex(GraphReader reader)
    {
        var pattern = reader.ReadString();
        var options = (RegexOptions)reader.ReadVarInt64();
        return new Regex(pattern, options, new TimeSpan(reader.ReadVarInt64()));
    }

    // UTF-8 with and without a byte-order mark share a code page; the preamble tells them apart.
    private static void WriteEncoding(GraphWriter writer, Encoding encoding)
    {
        writer.WriteCount(encoding.CodePage);
        writer.WriteBoolean(encoding.Preamble.Length > 0);
    }

    private static Encoding ReadEncoding(GraphReader reader)
    {
        var codePage = reader.ReadCount();
        var preamble = reader.ReadBoolean();
        return codePage switch
        {
            65001 => preamble ? Encoding.UTF8 : new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            1200 => preamble ? Encoding.Unicode : new UnicodeEncoding(bigEndian: false, byteOrderMark: false),
            _ => Encoding.GetEncoding(codePage),
        };
    }

    private static void WriteUri(GraphWriter writer, Uri uri)
    {
        writer.WriteBoolean(uri.IsAbsoluteUri);
        writer.WriteString(uri.OriginalString);
    }

    private static Uri ReadUri(GraphReader reader)
    {
        var absolute = reader.ReadBoolean();
        return new Uri(reader.ReadString(), absolute ? UriKind.Absolute : UriKind.Relative);
    }
}

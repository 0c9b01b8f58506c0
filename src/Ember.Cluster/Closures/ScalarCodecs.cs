using System.Numerics;

namespace Ember.Cluster.Closures;

/// <summary>Primitives, strings and the framework's plain value types, each with a fixed encoding (varints for integers).</summary>
internal static class ScalarCodecs
{
    private static readonly Dictionary<Type, ObjectCodec> ByType = new()
    {
        [typeof(bool)] = Codec((w, v) => w.WriteBoolean(v), r => r.ReadBoolean()),
        [typeof(byte)] = Codec((w, v) => w.WriteByte(v), r => r.ReadByte()),
        [typeof(sbyte)] = Codec((w, v) => w.WriteByte((byte)v), r => (sbyte)r.ReadByte()),
        [typeof(char)] = Codec((w, v) => w.WriteInt16((short)v), r => (char)r.ReadInt16()),
        [typeof(short)] = Codec((w, v) => w.WriteInt16(v), r => r.ReadInt16()),
        [typeof(ushort)] = Codec((w, v) => w.WriteInt16((short)v), r => (ushort)r.ReadInt16()),
        [typeof(int)] = Codec((w, v) => w.WriteVarInt64(v), r => checked((int)r.ReadVarInt64())),
        [typeof(uint)] = Codec((w, v) => w.WriteVarUInt64(v), r => checked((uint)r.ReadVarUInt64())),
        [typeof(long)] = Codec((w, v) => w.WriteVarInt64(v), r => r.ReadVarInt64()),
        [typeof(ulong)] = Codec((w, v) => w.WriteVarUInt64(v), r => r.ReadVarUInt64()),
        [typeof(float)] = Codec((w, v) => w.WriteInt32(BitConverter.SingleToInt32Bits(v)), r => BitConverter.Int32BitsToSingle(r.ReadInt32())),
        [typeof(double)] = Codec((w, v) => w.WriteInt64(BitConverter.DoubleToInt64Bits(v)), r => BitConverter.Int64BitsToDouble(r.ReadInt64())),
        [typeof(Half)] = Codec((w, v) => w.WriteInt16(BitConverter.HalfToInt16Bits(v)), r => BitConverter.Int16BitsToHalf(r.ReadInt16())),
        [typeof(decimal)] = Codec(WriteDecimal, r => new decimal([r.ReadInt32(), r.ReadInt32(), r.ReadInt32(), r.ReadInt32()])),
        [typeof(Int128)] = Codec((w, v) => WriteHalves(w, (UInt128)v), r => (Int128)ReadHalves(r)),
        [typeof(UInt128)] = Codec(WriteHalves, ReadHalves),
        [typeof(BigInteger)] = Codec((w, v) => WriteByteArray(w, v.ToByteArray()), r => new BigInteger(r.ReadBytes(r.ReadCount()))),
        [typeof(string)] = Codec<string>((w, v) => w.WriteString(v), r => r.ReadString()),
        // ToBinary keeps the kind (Utc, Local, Unspecified) with the ticks.
        [typeof(DateTime)] = Codec((w, v) => w.WriteInt64(v.ToBinary()), r => DateTime.FromBinary(r.ReadInt64())),
        [typeof(DateTimeOffset)] = Codec((w, v) => { w.WriteInt64(v.Ticks); w.WriteVarInt64((long)v.Offset.TotalMinutes); }, r => new DateTimeOffset(r.ReadInt64(), TimeSpan.FromMinutes(r.ReadVarInt64()))),
        [typeof(TimeSpan)] = Codec((w, v) => w.WriteVarInt64(v.Ticks), r => new TimeSpan(r.ReadVarInt64())),
        [typeof(DateOnly)] = Codec((w, v) => w.WriteVarInt64(v.DayNumber), r => DateOnly.FromDayNumber(checked((int)r.ReadVarInt64()))),
        [typeof(TimeOnly)] = Codec((w, v) => w.WriteVarInt64(v.Ticks), r => new TimeOnly(r.ReadVarInt64())),
        [typeof(Guid)] = Codec((w, v) => { Span<byte> bytes = stackalloc byte[16]; v.TryWriteBytes(bytes); w.WriteBytes(bytes); }, r => new Guid(r.ReadBytes(16))),
    };

    public static ObjectCodec? For(Type type) => ByType.GetValueOrDefault(type);

    private static ValueCodec<T> Codec<T>(Action<GraphWriter, T> write, Func<GraphReader, T> read) where T : notnull => new(write, read);

    private static void WriteDecimal(GraphWriter writer, decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        foreach (var part in bits)
        {
            writer.WriteInt32(part);
        }
    }

    private static void WriteHalves(GraphWriter writer, UInt128 value)
    {
        writer.WriteInt64((long)(ulong)value);
        writer.WriteInt64((long)(ulong)(value >> 64));
    }

    private static UInt128 ReadHalves(GraphReader reader)
    {
        var lower = (ulong)reader.ReadInt64();
        return new UInt128(upper: (ulong)reader.ReadInt64(), lower: lower);
    }

    private static void WriteByteArray(GraphWriter writer, byte[] bytes)
    {
        writer.WriteCount(bytes.Length);
        writer.WriteBytes(bytes);
    }
}

/// <summary>An enum as its underlying integer (zig-zag varint), so any enum of any assembly travels.</summary>
internal sealed class EnumCodec(Type type) : ObjectCodec
{
    private readonly bool unsigned = Type.GetTypeCode(Enum.GetUnderlyingType(type)) is TypeCode.Byte or TypeCode.UInt16 or TypeCode.UInt32 or TypeCode.UInt64;

    public override void Write(GraphWriter writer, object value)
    {
        if (unsigned)
        {
            writer.WriteVarUInt64(((IConvertible)value).ToUInt64(null));
        }
        else
        {
            writer.WriteVarInt64(((IConvertible)value).ToInt64(null));
        }
    }

    public override object Read(GraphReader reader, int id) =>
        unsigned ? Enum.ToObject(type, reader.ReadVarUInt64()) : Enum.ToObject(type, reader.ReadVarInt64());
}

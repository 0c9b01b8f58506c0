using System.Reflection;

namespace Ember.Cluster.Closures;

/// <summary>
/// Unboxed writers and readers for the element types task results are mostly made of: integers, doubles, booleans,
/// strings, and pairs and triples of them (key-value records). They write exactly the bytes the general path writes
/// (a tuple's items as its fields, in order), so either side may take either path; null when <typeparamref name="T"/>
/// has none.
/// </summary>
internal static class Typed<T>
{
    public static readonly Action<GraphWriter, T>? Write;
    public static readonly Func<GraphReader, T>? Read;

    static Typed()
    {
        var (write, read) = TypedPaths.For(typeof(T));
        Write = (Action<GraphWriter, T>?)write;
        Read = (Func<GraphReader, T>?)read;
    }
}

internal static class TypedPaths
{
    private static readonly Dictionary<Type, (Delegate Write, Delegate Read)> Scalars = new()
    {
        [typeof(int)] = (new Action<GraphWriter, int>((w, v) => w.WriteVarInt64(v)), new Func<GraphReader, int>(r => checked((int)r.ReadVarInt64()))),
        [typeof(long)] = (new Action<GraphWriter, long>((w, v) => w.WriteVarInt64(v)), new Func<GraphReader, long>(r => r.ReadVarInt64())),
        [typeof(double)] = (new Action<GraphWriter, double>((w, v) => w.WriteInt64(BitConverter.DoubleToInt64Bits(v))),
            new Func<GraphReader, double>(r => BitConverter.Int64BitsToDouble(r.ReadInt64()))),
        [typeof(bool)] = (new Action<GraphWriter, bool>((w, v) => w.WriteBoolean(v)), new Func<GraphReader, bool>(r => r.ReadBoolean())),
        [typeof(string)] = (new Action<GraphWriter, string?>((w, v) => w.WriteObject(v)), new Func<GraphReader, string?>(r => (string?)r.ReadObject())),
    };

    public static (Delegate? Write, Delegate? Read) For(Type type)
    {
        if (Scalars.TryGetValue(type, out var scalar))
        {
            return scalar;
        }
        if (!type.IsGenericType || type.GetGenericArguments() is not { Length: 2 or 3 } items
            || type.GetGenericTypeDefinition() != typeof(ValueTuple<,>) && type.GetGenericTypeDefinition() != typeof(ValueTuple<,,>)
            || !items.All(Scalars.ContainsKey))
        {
            return (null, null);
        }
        var paths = typeof(TypedPaths).GetMethod(items.Length == 2 ? nameof(Pair) : nameof(Triple), BindingFlags.NonPublic | BindingFlags.Static)!;
        return ((Delegate, Delegate))paths.MakeGenericMethod(items).Invoke(null, null)!;
    }

    private static (Delegate, Delegate) Pair<T1, T2>() => (
        new Action<GraphWriter, ValueTuple<T1, T2>>((w, v) =>
        {
            Typed<T1>.Write!(w, v.Item1);
            Typed<T2>.Write!(w, v.Item2);
        }),
        new Func<GraphReader, ValueTuple<T1, T2>>(r =>
        {
            var first = Typed<T1>.Read!(r);
            return (first, Typed<T2>.Read!(r));
        }));

    private static (Delegate, Delegate) Triple<T1, T2, T3>() => (
        new Action<GraphWriter, ValueTuple<T1, T2, T3>>((w, v) =>
        {
            Typed<T1>.Write!(w, v.Item1);
            Typed<T2>.Write!(w, v.Item2);
            Typed<T3>.Write!(w, v.Item3);
        }),
        new Func<GraphReader, ValueTuple<T1, T2, T3>>(r =>
        {
            var first = Typed<T1>.Read!(r);
            var second = Typed<T2>.Read!(r);
            return (first, second, Typed<T3>.Read!(r));
        }));
}

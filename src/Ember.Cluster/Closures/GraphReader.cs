using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ember.Cluster.Closures;

/// <summary>
/// Rebuilds an object graph written by <see cref="GraphWriter"/>. References to the driver's context and serializer
/// become this process's. Type names are resolved as they come: only read bytes from a peer already trusted.
/// </summary>
internal sealed partial class GraphReader(byte[] data, EmberContext context)
{
    // Held by the ids of objects being read that only exist once their parts are read (a delegate needs its target).
    private static readonly object Pending = new();

    private readonly List<object> objects = [];
    private readonly List<Type> types = [];
    private readonly List<Assembly> assemblies = [];
    private readonly List<(object Holder, FieldInfo Field, int Id)> fixups = [];

    /// <summary>Reads a reference slot; a reference to an object still being built is corrupt or unsupported here.</summary>
    public object? ReadObject()
    {
        var value = ReadObject(out var pendingId);
        return pendingId < 0 ? value : throw CycleOutsideField(pendingId);
    }

    /// <summary>
    /// Reads a reference slot; when it refers to an object still being built (a cycle through a delegate), returns
    /// null and its id in <paramref name="pendingId"/>, for the caller to set once the graph is read.
    /// </summary>
    public object? ReadObject(out int pendingId)
    {
        pendingId = -1;
        var tag = (WireTag)ReadByte();
        switch (tag)
        {
            case WireTag.Null:
                return null;
            case WireTag.String:
                return ReadString();
            case WireTag.Reference:
                var id = ReadCount();
                if (id >= objects.Count)
                {
                    throw new InvalidDataException($"The task binary refers to object {id} before it was written.");
                }
                if (ReferenceEquals(objects[id], Pending))
                {
                    pendingId = id;
                    return null;
                }
                return objects[id];
            case WireTag.Context:
                return context;
            case WireTag.ContextSerializer:
                return context.Serializer;
            case WireTag.StaticMember:
                var slot = Reserve();
                var owner = ReadType();
                var member = WellKnownInstances.Resolve(owner, ReadString());
                Bind(slot, member);
                return member;
            case WireTag.Object:
                RuntimeHelpers.EnsureSufficientExecutionStack();
                var type = ReadType();
                var codec = Codecs.For(type);
                if (codec is RefusedCodec refused)
                {
                    throw new InvalidDataException($"The task binary holds a {type} ({refused.Reason}), which no writer sends.");
                }
                var reserved = Reserve();
                var value = codec.Read(this, reserved);
                Bind(reserved, value);
                return value;
            default:
                throw new InvalidDataException($"The task binary holds an unknown tag {(byte)tag} at offset {position - 1}.");
        }
    }

    private static InvalidDataException CycleOutsideField(int id) =>
        new($"The task binary refers to object {id} while it is being built, outside a field of a class: such a cycle cannot be rebuilt.");

    /// <summary>Makes <paramref name="value"/> the object with id <paramref name="id"/>: codecs call it as soon as the object exists, before its parts, so cycles close.</summary>
    public void Bind(int id, object value)
    {
        if (id >= 0)
        {
            objects[id] = value;
        }
    }

    /// <summary>Sets <paramref name="field"/> of <paramref name="holder"/> to object <paramref name="id"/> once the whole graph is read.</summary>
    public void SetLater(object holder, FieldInfo field, int id) => fixups.Add((holder, field, id));

    /// <summary>Runs the deferred field assignments of cycles through delegates.</summary>
    public void Complete()
    {
        foreach (var (holder, field, id) in fixups)
        {
            field.SetValue(holder, objects[id]);
        }
    }

    private int Reserve()
    {
        objects.Add(Pending);
        return objects.Count - 1;
    }

    public Type ReadType()
    {
        var index = ReadCount();
        if (index > 0)
        {
            return index <= types.Count ? types[index - 1] : throw new InvalidDataException($"The task binary names type {index - 1} before defining it.");
        }
        Type type = ReadByte() switch
        {
            WireFormat.TypeArray => ReadType().MakeArrayType(),
            WireFormat.TypeMultiArray => ReadMultiArrayType(),
            WireFormat.TypeGeneric => ReadGenericType(),
            WireFormat.TypeNamed => ReadNamedType(),
            var kind => throw new InvalidDataException($"The task binary holds an unknown type kind {kind}."),
        };
        types.Add(type);
        return type;
    }

    private Type ReadMultiArrayType()
    {
        var rank = ReadCount();
        return ReadType().MakeArrayType(rank);
    }

    private Type ReadGenericType()
    {
        var definition = ReadType();
        var arguments = new Type[ReadCount()];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = ReadType();
        }
        return definition.MakeGenericType(arguments);
    }

    private Type ReadNamedType()
    {
        var assembly = ReadAssembly();
        var name = ReadString();
        return assembly.GetType(name, throwOnError: false)
            ?? throw new TypeLoadException($"The task binary names type '{name}', which assembly {assembly.GetName().Name} of this process does not hold: the driver and this process run different builds.");
    }

    private Assembly ReadAssembly()
    {
        var index = ReadCount();
        if (index > 0)
        {
            return index <= assemblies.Count ? assemblies[index - 1] : throw new InvalidDataException($"The task binary names assembly {index - 1} before defining it.");
        }
        var assembly = Assembly.Load(new AssemblyName(ReadString()));
        assemblies.Add(assembly);
        return assembly;
    }
}

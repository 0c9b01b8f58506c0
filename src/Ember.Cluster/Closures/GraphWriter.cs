using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ember.Cluster.Closures;

/// <summary>
/// Writes an object graph (a stage's lineage with its functions, or a task's result) as a task binary. Each object is
/// written once and referred to by id afterwards, so shared parents and cycles come back as they were; each type and
/// assembly is named once per binary. A value that cannot travel throws <see cref="RefusalException"/>, which the
/// codecs on the way back up annotate with the path that led to it.
/// </summary>
internal sealed partial class GraphWriter(EmberContext context)
{
    private readonly Dictionary<object, int> objects = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Type, int> types = [];
    private readonly Dictionary<Assembly, int> assemblies = [];

    /// <summary>Writes a value held in a slot declared as <paramref name="declared"/> (for rare slots; hot paths keep a <see cref="Slot"/>).</summary>
    public void WriteSlot(object? value, Type declared) => new Slot(declared).Write(this, value);

    /// <summary>Writes a reference slot: a tag, then what the tag needs.</summary>
    public void WriteObject(object? value)
    {
        if (value is null)
        {
            WriteByte((byte)WireTag.Null);
            return;
        }
        if (value is string text)
        {
            // Strings are values: no id, no type, no lookups (the commonest object in task results).
            WriteByte((byte)WireTag.String);
            WriteString(text);
            return;
        }
        if (objects.TryGetValue(value, out var id))
        {
            WriteByte((byte)WireTag.Reference);
            WriteCount(id);
            return;
        }
        if (value is EmberContext other)
        {
            if (!ReferenceEquals(other, context))
            {
                throw new RefusalException(typeof(EmberContext),
                    "another EmberContext than the one running this job; an RDD of one context cannot be used by another");
            }
            WriteByte((byte)WireTag.Context);
            return;
        }
        if (ReferenceEquals(value, context.Serializer))
        {
            WriteByte((byte)WireTag.ContextSerializer);
            return;
        }
        var type = value.GetType();
        if (WellKnownInstances.Find(type, value) is { } member)
        {
            objects.Add(value, objects.Count);
            WriteByte((byte)WireTag.StaticMember);
            WriteType(member.Owner);
            WriteString(member.Name);
            return;
        }
        var codec = Codecs.For(type);
        if (codec is RefusedCodec refused)
        {
            throw new RefusalException(type, refused.Reason);
        }
        // A deep lineage or a long linked structure recurses deeply: fail with an exception, never a crashed process.
        RuntimeHelpers.EnsureSufficientExecutionStack();
        objects.Add(value, objects.Count);
        WriteByte((byte)WireTag.Object);
        WriteType(type);
        codec.Write(this, value);
    }

    /// <summary>Names a type: by index when written before in this binary, else in full (and it takes the next index).</summary>
    public void WriteType(Type type)
    {
        if (types.TryGetValue(type, out var index))
        {
            WriteCount(index + 1);
            return;
        }
        WriteCount(0);
        if (type.IsSZArray)
        {
            WriteByte(WireFormat.TypeArray);
            WriteType(type.GetElementType()!);
        }
        else if (type.IsArray)
        {
            WriteByte(WireFormat.TypeMultiArray);
            WriteCount(type.GetArrayRank());
            WriteType(type.GetElementType()!);
        }
        else if (type.IsConstructedGenericType)
        {
            WriteByte(WireFormat.TypeGeneric);
            WriteType(type.GetGenericTypeDefinition());
            var arguments = type.GetGenericArguments();
            WriteCount(arguments.Length);
            foreach (var argument in arguments)
            {
                WriteType(argument);
            }
        }
        else
        {
            if (type.IsPointer || type.IsByRef || type.IsGenericParameter || type.IsFunctionPointer || type.FullName is null)
            {
                throw new RefusalException(type, "a type that has no name another process can resolve");
            }
            WriteByte(WireFormat.TypeNamed);
            WriteAssembly(type.Assembly);
            WriteString(type.FullName);
        }
        // Indices are given after the parts, in the order the reader meets them.
        types.Add(type, types.Count);
    }

    private void WriteAssembly(Assembly assembly)
    {
        if (assemblies.TryGetValue(assembly, out var index))
        {
            WriteCount(index + 1);
            return;
        }
        WriteCount(0);
        WriteString(assembly.GetName().Name ?? throw new RefusalException(typeof(Assembly), $"an assembly without a name ({assembly})"));
        assemblies.Add(assembly, assemblies.Count);
    }
}

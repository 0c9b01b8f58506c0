using System.Reflection;
using System.Runtime.CompilerServices;

namespace Ember.Cluster.Closures;

/// <summary>
/// Ember's, the application's and the compiler's types (closure classes, records, RDDs, partitions), and structs:
/// every instance field up the hierarchy, whatever its visibility, readonly included, minus <c>[NonSerialized]</c>
/// ones (left default on the receiving side). Objects are rebuilt without running a constructor, as Java does.
/// </summary>
internal sealed class FieldCodec : ObjectCodec
{
    private readonly Type type;
    private readonly Member[] members;
    private Func<object>? newBox;

    private FieldCodec(Type type, FieldInfo[] fields)
    {
        this.type = type;
        Fields = fields;
        members = [.. fields.Select(field => new Member(field))];
    }

    public IReadOnlyList<FieldInfo> Fields { get; }

    public static ObjectCodec Create(Type type)
    {
        var fields = new List<FieldInfo>();
        for (var current = type; current is not null && current != typeof(object) && current != typeof(ValueType); current = current.BaseType)
        {
            var declared = current.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly);
            if (current != type && declared.Length > 0 && Codecs.IsFramework(current) && !Codecs.IsFramework(type))
            {
                // A user type deriving from a framework class with state (a Dictionary subclass, say) would expose its
                // internals (hash codes differ between processes); only stateless framework bases are walked past.
                return new RefusedCodec($"an object whose base class {current} is a .NET type Ember cannot send field by field");
            }
            fields.AddRange(declared.Where(field => !field.IsDefined(typeof(NonSerializedAttribute), inherit: false)));
        }
        return new FieldCodec(type, [.. fields]);
    }

    public override void Write(GraphWriter writer, object value)
    {
        Member? current = null;
        try
        {
            foreach (var member in members)
            {
                current = member;
                // A pointer cannot even be read as an object: refuse before compiling a getter for it.
                member.Slot.Write(writer, member.Slot.Refusal is null ? member.Get(value) : null);
            }
        }
        catch (RefusalException refusal)
        {
            refusal.Through(new FieldStep(type, current!.Field));
            if (value is Rdd rdd)
            {
                refusal.Through(new RddStep(Describe(rdd)));
            }
            throw;
        }
    }

    public override object Read(GraphReader reader, int id)
    {
        var isClass = !type.IsValueType;
        var value = isClass ? RuntimeHelpers.GetUninitializedObject(type) : (newBox ??= FieldAccessors.DefaultBox(type))();
        if (isClass)
        {
            reader.Bind(id, value);
        }
        foreach (var member in members)
        {
            var fieldValue = member.Slot.Read(reader, out var pendingId);
            if (pendingId < 0)
            {
                member.Set(value, fieldValue);
            }
            else if (isClass)
            {
                reader.SetLater(value, member.Field, pendingId);
            }
            else
            {
                throw new InvalidDataException($"Field {member.Field.Name} of struct {type} refers to an object still being built: such a cycle cannot be rebuilt.");
            }
        }
        return value;
    }

    /// <summary>A field with its slot and its accessors, compiled on first use (many types are only ever written, or only read).</summary>
    private sealed class Member(FieldInfo field)
    {
        private Func<object, object?>? getter;
        private Action<object, object?>? setter;

        public FieldInfo Field { get; } = field;

        public Slot Slot { get; } = new(field.FieldType);

        public object? Get(object holder) => (getter ??= FieldAccessors.Getter(Field))(holder);

        public void Set(object holder, object? value) => (setter ??= FieldAccessors.Setter(Field))(holder, value);
    }

    private static string Describe(Rdd rdd)
    {
        try
        {
            return rdd.ToString();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // A user's RDD subclass may override ToString badly; the error being reported matters more.
            return $"{rdd.GetType().Name} [{rdd.Id}]";
        }
    }
}

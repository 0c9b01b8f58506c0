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

    private FieldCodec(Type type, FieldInfo[] fields)
    {
        this.type = type;
        Fields = fields;
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
        FieldInfo? current = null;
        try
        {
            foreach (var field in Fields)
            {
                current = field;
                writer.WriteSlot(field.GetValue(value), field.FieldType);
            }
        }
        catch (RefusalException refusal)
        {
            refusal.Through(new FieldStep(type, current!));
            if (value is Rdd rdd)
            {
                refusal.Through(new RddStep(Describe(rdd)));
            }
            throw;
        }
    }

    public override object Read(GraphReader reader, int id)
    {
        var value = RuntimeHelpers.GetUninitializedObject(type);
        var isClass = !type.IsValueType;
        if (isClass)
        {
            reader.Bind(id, value);
        }
        foreach (var field in Fields)
        {
            var fieldValue = reader.ReadSlot(field.FieldType, out var pendingId);
            if (pendingId < 0)
            {
                field.SetValue(value, fieldValue);
            }
            else if (isClass)
            {
                reader.SetLater(value, field, pendingId);
            }
            else
            {
                throw new InvalidDataException($"Field {field.Name} of struct {type} refers to an object still being built: such a cycle cannot be rebuilt.");
            }
        }
        return value;
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

using System.Reflection;
using System.Reflection.Emit;

namespace Ember.Cluster.Closures;

/// <summary>
/// Compiled getters and setters of one field (readonly ones included), several times faster than
/// <see cref="FieldInfo.GetValue"/> and <see cref="FieldInfo.SetValue(object, object)"/>, which matters for arrays
/// of records in task results. A struct's fields are read from and written into its box.
/// </summary>
internal static class FieldAccessors
{
    public static Func<object, object?> Getter(FieldInfo field)
    {
        var holder = field.DeclaringType!;
        var method = new DynamicMethod($"get_{field.Name}", typeof(object), [typeof(object)], typeof(FieldAccessors).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(holder.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, holder);
        il.Emit(OpCodes.Ldfld, field);
        if (field.FieldType.IsValueType)
        {
            il.Emit(OpCodes.Box, field.FieldType);
        }
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<object, object?>>();
    }

    public static Action<object, object?> Setter(FieldInfo field)
    {
        var holder = field.DeclaringType!;
        var method = new DynamicMethod($"set_{field.Name}", null, [typeof(object), typeof(object)], typeof(FieldAccessors).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        // Unbox yields a pointer into the box, so the store lands in the boxed struct itself.
        il.Emit(holder.IsValueType ? OpCodes.Unbox : OpCodes.Castclass, holder);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(field.FieldType.IsValueType ? OpCodes.Unbox_Any : OpCodes.Castclass, field.FieldType);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Action<object, object?>>();
    }

    /// <summary>A new box holding <paramref name="type"/>'s default value (a struct about to receive its fields).</summary>
    public static Func<object> DefaultBox(Type type)
    {
        var method = new DynamicMethod($"new_{type.Name}", typeof(object), Type.EmptyTypes, typeof(FieldAccessors).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        var local = il.DeclareLocal(type);
        il.Emit(OpCodes.Ldloca_S, local);
        il.Emit(OpCodes.Initobj, type);
        il.Emit(OpCodes.Ldloc_0);
        il.Emit(OpCodes.Box, type);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<object>>();
    }
}

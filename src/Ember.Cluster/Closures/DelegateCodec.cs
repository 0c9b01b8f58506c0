using System.Collections.Concurrent;
using System.Reflection;

namespace Ember.Cluster.Closures;

/// <summary>
/// A delegate as its method's identity and its target. The identity is the declaring type (with its generic
/// arguments), the method's metadata token within that type's module (so overloads are never ambiguous, unlike a
/// name) and the method's generic arguments; the target (a closure object, <c>this</c>, or nothing for a static
/// method) is walked like any object. Both processes must run the same build, as the cluster checks at registration.
/// A multicast delegate travels as its invocation list and is combined again.
/// </summary>
internal sealed class DelegateCodec(Type delegateType) : ObjectCodec
{
    private static readonly ConcurrentDictionary<(Type Owner, int Token), MethodInfo> Methods = new();

    public override void Write(GraphWriter writer, object value)
    {
        var invocations = ((Delegate)value).GetInvocationList();
        writer.WriteCount(invocations.Length);
        foreach (var single in invocations)
        {
            var method = single.Method;
            var target = single.Target;
            try
            {
                if (method.DeclaringType is not { } owner || method.Module.Assembly.IsDynamic)
                {
                    throw new RefusalException(value.GetType(),
                        "a function compiled at run time (an expression tree or dynamic method), which has no identity in another process");
                }
                writer.WriteType(owner);
                writer.WriteInt32(method.MetadataToken);
                var arguments = method.IsGenericMethod ? method.GetGenericArguments() : [];
                writer.WriteCount(arguments.Length);
                foreach (var argument in arguments)
                {
                    writer.WriteType(argument);
                }
                writer.WriteObject(target);
            }
            catch (RefusalException refusal)
            {
                throw refusal.Through(new FunctionStep(method, target?.GetType()));
            }
        }
    }

    /// <summary>The target is read before the delegate exists: a field of the target referring back to it is set once the graph is read.</summary>
    public override object Read(GraphReader reader, int id)
    {
        var invocations = new Delegate[reader.ReadCount()];
        for (var i = 0; i < invocations.Length; i++)
        {
            var owner = reader.ReadType();
            var token = reader.ReadInt32();
            var arguments = new Type[reader.ReadCount()];
            for (var a = 0; a < arguments.Length; a++)
            {
                arguments[a] = reader.ReadType();
            }
            var target = reader.ReadObject();
            var method = Methods.GetOrAdd((owner, token), Find);
            if (arguments.Length > 0)
            {
                method = method.MakeGenericMethod(arguments);
            }
            invocations[i] = Delegate.CreateDelegate(delegateType, target, method);
        }
        return Delegate.Combine(invocations)
            ?? throw new InvalidDataException($"The task binary holds a {delegateType} with no method.");
    }

    private static MethodInfo Find((Type Owner, int Token) key)
    {
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        return key.Owner.GetMethods(all).FirstOrDefault(method => method.MetadataToken == key.Token)
            ?? throw new MissingMethodException(
                $"The task binary names method token 0x{key.Token:x8} of {key.Owner}, which this process's build of {key.Owner.Assembly.GetName().Name} " +
                "does not hold: the driver and this process run different builds.");
    }
}

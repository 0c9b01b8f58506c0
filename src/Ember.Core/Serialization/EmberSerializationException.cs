namespace Ember.Serialization;

/// <summary>
/// Thrown by an <see cref="ISerializer"/> when a value of <see cref="TargetType"/> cannot be written or read back:
/// the type has no usable shape (a delegate, a <see cref="Stream"/>, a pointer-like member), or the bytes do not
/// hold a value of that type.
/// </summary>
/// <remarks>
/// The message always names the type in C# syntax, e.g. <c>Ember cannot serialize type 'MyApp.Foo': reason</c>,
/// so the failing record can be found without a debugger. The serializer's own exception, when there is one, is
/// kept as <see cref="Exception.InnerException"/>.
/// </remarks>
public sealed class EmberSerializationException : Exception
{
    /// <summary>Creates the exception for <paramref name="targetType"/> with a human-readable <paramref name="reason"/>.</summary>
    /// <param name="targetType">The type Ember was asked to serialize or deserialize.</param>
    /// <param name="reason">Why it failed; appended to the message after the type name.</param>
    /// <param name="innerException">The underlying serializer failure, if any.</param>
    public EmberSerializationException(Type targetType, string reason, Exception? innerException = null)
        : base(FormatMessage(targetType, reason), innerException)
    {
        TargetType = targetType;
    }

    /// <summary>The type that could not be serialized or deserialized.</summary>
    public Type TargetType { get; }

    private static string FormatMessage(Type targetType, string reason)
    {
        ArgumentNullException.ThrowIfNull(targetType);
        return $"Ember cannot serialize type '{TypeNames.ToCSharp(targetType)}': {reason}";
    }
}

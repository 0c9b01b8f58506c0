namespace Ember;

/// <summary>
/// A value that may be absent, as Scala's <c>Option</c>: outer joins use it so that "no match" is told apart from
/// <c>default(T)</c> (a missing <c>int</c> is <c>None</c>, never <c>0</c>).
/// </summary>
public readonly record struct Option<T>
{
    private readonly T value;

    private Option(T value)
    {
        this.value = value;
        HasValue = true;
    }

    /// <summary>The absent value.</summary>
    public static Option<T> None => default;

    /// <summary>Wraps a present value (which may itself be <c>null</c> for reference types).</summary>
    public static Option<T> Some(T value) => new(value);

    /// <summary>
    /// A plain value where an option is expected, where Spark users write <c>Some(x)</c>: <c>return sum;</c> in a function
    /// returning <c>Option&lt;int&gt;</c>. As Scala's <c>Option(x)</c>, <c>null</c> converts to <see cref="None"/>, so a
    /// <c>return null;</c> removes a state as in Spark; <see cref="Some(T)"/> keeps a present null.
    /// </summary>
    public static implicit operator Option<T>(T value) => value is null ? None : new(value);

    /// <summary>True when a value is present.</summary>
    public bool HasValue { get; }

    /// <summary>The value; throws <see cref="InvalidOperationException"/> when absent.</summary>
    public T Value => HasValue ? value : throw new InvalidOperationException("Option has no value (None).");

    /// <summary>The value when present, else <paramref name="fallback"/>.</summary>
    public T GetValueOrDefault(T fallback) => HasValue ? value : fallback;

    /// <inheritdoc />
    public override string ToString() => HasValue ? $"Some({value})" : "None";
}

/// <summary>Factory helpers for <see cref="Option{T}"/> with type inference.</summary>
public static class Option
{
    /// <summary>Wraps a present value.</summary>
    public static Option<T> Some<T>(T value) => Option<T>.Some(value);
}

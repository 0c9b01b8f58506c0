namespace Ember.Streaming;

/// <summary>
/// The state of one key inside a <c>MapWithState</c> function (Spark's State): read it, update it, remove it. Valid
/// only during the call it is passed to.
/// </summary>
public sealed class State<TState>
{
    private TState value = default!;

    internal State()
    {
    }

    /// <summary>True when the key has a state.</summary>
    public bool Exists { get; private set; }

    /// <summary>
    /// True during the final call for a key that timed out (its value is absent): the state can be read but neither
    /// updated nor removed; it is removed after the call.
    /// </summary>
    public bool IsTimingOut { get; private set; }

    internal bool IsUpdated { get; private set; }

    internal bool IsRemoved { get; private set; }

    /// <summary>The state; throws <see cref="InvalidOperationException"/> when the key has none (check <see cref="Exists"/>).</summary>
    public TState Get() => Exists
        ? value
        : throw new InvalidOperationException("The key has no state: check State.Exists before State.Get, or use State.GetOption.");

    /// <summary>The state, or None.</summary>
    public Option<TState> GetOption() => Exists ? Option.Some(value) : Option<TState>.None;

    /// <summary>Sets the key's state; not allowed while timing out or after <see cref="Remove"/>.</summary>
    public void Update(TState newState)
    {
        if (IsTimingOut)
        {
            throw new InvalidOperationException("Cannot update the state of a key that is timing out.");
        }
        if (IsRemoved)
        {
            throw new InvalidOperationException("Cannot update the state after it has been removed.");
        }
        value = newState;
        Exists = true;
        IsUpdated = true;
    }

    /// <summary>Removes the key's state; not allowed while timing out or twice.</summary>
    public void Remove()
    {
        if (IsTimingOut)
        {
            throw new InvalidOperationException("Cannot remove the state of a key that is timing out: it is removed after this call anyway.");
        }
        if (IsRemoved)
        {
            throw new InvalidOperationException("Cannot remove the state that has already been removed.");
        }
        value = default!;
        Exists = false;
        IsRemoved = true;
        IsUpdated = false;
    }

    /// <inheritdoc />
    public override string ToString() => Exists ? $"State({value})" : "State(<none>)";

    internal void Reset(Option<TState> current, bool timingOut)
    {
        Exists = current.HasValue;
        value = current.HasValue ? current.Value : default!;
        IsTimingOut = timingOut;
        IsUpdated = false;
        IsRemoved = false;
    }
}

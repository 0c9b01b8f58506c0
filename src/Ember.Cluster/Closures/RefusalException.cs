using System.Reflection;
using Ember.Scheduling;

namespace Ember.Cluster.Closures;

/// <summary>
/// Thrown inside the writer when a value must not travel. Codecs add the step they were writing as it unwinds, so
/// the public <see cref="TaskNotSerializableException"/> can name the whole path from the root to the value.
/// </summary>
internal sealed class RefusalException(Type offendingType, string reason) : Exception(reason)
{
    private readonly List<PathStep> steps = [];

    public Type OffendingType { get; } = offendingType;

    public string Reason { get; } = reason;

    /// <summary>The steps from the root down to the refused value.</summary>
    public IReadOnlyList<PathStep> Steps => [.. Enumerable.Reverse(steps)];

    /// <summary>Adds the step an enclosing codec was writing (steps arrive innermost first).</summary>
    public RefusalException Through(PathStep step)
    {
        steps.Add(step);
        return this;
    }
}

/// <summary>One step of the path from a task binary's root to a refused value.</summary>
internal abstract record PathStep;

/// <summary>An RDD of the lineage (its <c>ToString</c>: operation or name, and id).</summary>
internal sealed record RddStep(string Rdd) : PathStep;

/// <summary>A field of an object walked field by field.</summary>
internal sealed record FieldStep(Type Holder, FieldInfo Field) : PathStep;

/// <summary>A function: the delegate's method, whose target is written next.</summary>
internal sealed record FunctionStep(MethodInfo Method, Type? TargetType) : PathStep;

/// <summary>A part of a collection or array (<c>[3]</c>, <c>key</c>, <c>comparer</c>).</summary>
internal sealed record PartStep(string Part) : PathStep;

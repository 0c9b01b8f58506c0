using System.Text;
using Ember.Serialization;
using Ember.Scheduling;

namespace Ember.Cluster.Closures;

/// <summary>Writes the message of a <see cref="TaskNotSerializableException"/> from the path a refusal took.</summary>
internal static class TaskNotSerializableMessage
{
    private const string ClosureAdvice =
        "How to fix: capture only the values the function needs, copied into local variables; lambdas in one scope share " +
        "one closure object, so a lambda carries its neighbours' captures too: declare the variable inside a block { } " +
        "around the lambda that uses it, or create the resource inside the function (once per partition with MapPartitions).";

    private const string ThisAdvice =
        "How to fix: the function uses a member of its class, so the whole object (`this`) travels with it; copy the members " +
        "it needs into local variables before the lambda, or mark fields the executors do not need [NonSerialized].";

    public static string Build(RefusalException refusal)
    {
        var steps = refusal.Steps;
        var offending = TypeNames.ToCSharp(refusal.OffendingType);
        var text = new StringBuilder("Task not serializable: ");
        // The innermost user function: Ember's own wrappers (Map's lambda holding the selector) are not what to fix.
        var functionAt = LastIndexOf(steps, step => step is FunctionStep function && !FunctionNames.IsEmbers(function.Method));
        var advice = ClosureAdvice;
        if (functionAt >= 0)
        {
            var function = (FunctionStep)steps[functionAt];
            text.Append("the function ").Append(FunctionNames.Describe(function.Method));
            var fields = steps.Skip(functionAt + 1).OfType<FieldStep>().Select(step => FunctionNames.Field(step.Field)).ToList();
            var path = string.Join('.', fields);
            if (function.TargetType is { } target && !FunctionNames.IsCompilerGenerated(target))
            {
                // An instance method, or a lambda that only uses members: the object itself is the target.
                advice = ThisAdvice;
                text.Append($" is bound to `this` ({TypeNames.ToCSharp(target)})");
                text.Append(fields.Count > 0 ? $", whose field `{path}` is of type {offending}" : $" of type {offending}");
            }
            else if (fields.Count == 0)
            {
                text.Append($" is bound to an object of type {offending}");
            }
            else
            {
                if (fields[0] == "this")
                {
                    advice = ThisAdvice;
                }
                text.Append($" captures field `{fields[0]}`");
                text.Append(fields.Count > 1 ? $", and through it `{path}`, of type {offending}" : $" of type {offending}");
            }
        }
        else
        {
            var fields = steps.OfType<FieldStep>().Select(step => FunctionNames.Field(step.Field)).ToList();
            text.Append(steps.OfType<RddStep>().LastOrDefault() is { } rdd ? $"RDD `{rdd.Rdd}`" : "the task");
            text.Append(fields.Count > 0 ? $" holds `{string.Join('.', fields)}` of type {offending}" : $" holds a value of type {offending}");
            advice = "How to fix: keep only plain data (values, collections, the application's own types) in what the job's RDDs hold.";
        }
        text.Append(", which cannot be sent to an executor: it is ").Append(refusal.Reason).Append('.');
        if (steps.Count > 0)
        {
            text.Append(" Path: ").Append(string.Join(" → ", steps.Select(Render))).Append('.');
        }
        return text.Append(' ').Append(advice).ToString();
    }

    private static string Render(PathStep step) => step switch
    {
        RddStep rdd => $"RDD `{rdd.Rdd}`",
        FieldStep field => FunctionNames.Field(field.Field),
        FunctionStep function => FunctionNames.Describe(function.Method, withClrName: false),
        PartStep part => part.Part,
        _ => step.ToString() ?? "",
    };

    private static int LastIndexOf(IReadOnlyList<PathStep> steps, Func<PathStep, bool> match)
    {
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            if (match(steps[i]))
            {
                return i;
            }
        }
        return -1;
    }
}

namespace Ember.Streaming.Testing;

/// <summary>
/// What the job's factory builds on, each time <see cref="StreamingTestDriver"/> runs it (at the start and at every
/// restart, as <see cref="StreamingContext.GetOrCreate"/> runs its factory): the new context, and the inputs and
/// outputs the test talks to. Inputs and outputs are matched by name across runs, so the same factory must declare
/// the same names with the same types.
/// </summary>
public sealed class StreamingTestGraph
{
    private readonly StreamingTestDriver driver;
    private readonly HashSet<string> inputs = new(StringComparer.Ordinal);
    private readonly HashSet<string> outputNames = new(StringComparer.Ordinal);
    private readonly List<(ITestOutput Output, int OperationId)> outputs = [];

    internal StreamingTestGraph(StreamingTestDriver driver, StreamingContext context)
    {
        this.driver = driver;
        Context = context;
    }

    /// <summary>
    /// The context of this run: on the driver's fake clock, with the driver's checkpoint directory set. Use it for
    /// anything else the job needs (<c>Remember</c>, other sources); do not start or stop it, the driver does.
    /// </summary>
    public StreamingContext Context { get; }

    /// <summary>The outputs declared in this run, with the ids of their collecting operations.</summary>
    internal IReadOnlyList<(ITestOutput Output, int OperationId)> Outputs => outputs;

    /// <summary>
    /// A source fed by the test through <see cref="StreamingTestDriver.Input{T}"/>(<paramref name="name"/>): each
    /// batch's RDD holds what was pushed before it (see <see cref="TestInputStream{T}"/>), in
    /// <see cref="StreamingTestOptions.PartitionsPerBatch"/> partitions. A batch with nothing pushed has an empty RDD,
    /// or with <paramref name="noRddWhenEmpty"/> no RDD at all (as a source that has nothing to say for a batch): then
    /// the streams computed from it have none either, and their output operations do not run for that batch.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, already names an input of this run, or declared by an earlier run with another record type.</exception>
    public DStream<T> Input<T>(string name, bool noRddWhenEmpty = false)
    {
        Declare(inputs, "input", name);
        return new TestInputDStream<T>(Context, driver.Inputs.Declare(name, () => new TestInputStream<T>(name)), noRddWhenEmpty, driver.Options.PartitionsPerBatch);
    }

    /// <summary>
    /// Collects every RDD of <paramref name="stream"/> into the test's <see cref="StreamingTestDriver.Output{T}"/>(<paramref name="name"/>):
    /// an output operation of the job, which runs after the outputs declared before it in each batch.
    /// </summary>
    /// <returns>The output, the same object in every run of the factory.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty, already names an output of this run, or declared by an earlier run with another record type.</exception>
    public TestOutputStream<T> Output<T>(string name, DStream<T> stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Declare(outputNames, "output", name);
        var output = driver.Outputs.Declare(name, () => new TestOutputStream<T>(name));
        outputs.Add((output, output.Collect(stream)));
        return output;
    }

    private static void Declare(HashSet<string> declared, string kind, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (!declared.Add(name))
        {
            throw new ArgumentException($"The {kind} '{name}' is declared twice by the job's factory: give every {kind} its own name.", nameof(name));
        }
    }
}

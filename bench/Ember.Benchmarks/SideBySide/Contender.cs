namespace Ember.Benchmarks.SideBySide;

/// <summary>
/// One way to run a workload. <see cref="Start"/> builds the contender (not measured: contexts, pipelines, tables);
/// the run then processes batches one at a time. Contenders of one <see cref="Checksum"/> group must agree on every
/// batch's checksum.
/// </summary>
internal sealed record Contender(string Name, Func<IContenderRun> Start, string Checksum = "result");

/// <summary>A started contender: processes batch <c>index</c> of its workload and returns the batch's checksum.</summary>
internal interface IContenderRun : IDisposable
{
    long RunBatch(int index);
}

/// <summary>A contender run with nothing to set up or tear down: each batch is a call.</summary>
internal sealed class DelegateRun(Func<int, long> runBatch, Action? dispose = null) : IContenderRun
{
    public long RunBatch(int index) => runBatch(index);

    public void Dispose() => dispose?.Invoke();
}

// Only one StreamingContext may be active in a process (Spark's rule), and a failing job sets the process's
// Environment.ExitCode, so hosting test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

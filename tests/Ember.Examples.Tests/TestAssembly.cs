// Only one StreamingContext may be active in a process (Spark's rule), so streaming test classes run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

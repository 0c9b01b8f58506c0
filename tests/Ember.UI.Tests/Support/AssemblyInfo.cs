// One StreamingContext may be active per process, and the browser tests share one Chromium: run test classes one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

using Ember.UI.Progress;

namespace Ember.UI.Hosting;

/// <summary>
/// The application the UI shows: its id and name (as in the API's URLs), the progress its streaming listener gathers,
/// the job's clock, so that "running for" agrees with the batch times even on a test's fake clock, and the executors
/// its batch-engine listener gathers.
/// </summary>
internal sealed record UIApplication(string Id, string Name, StreamingProgressListener Progress, TimeProvider Clock, ExecutorsListener Executors);

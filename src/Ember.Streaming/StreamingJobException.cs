namespace Ember.Streaming;

/// <summary>
/// A batch's output operation, or the generation of a batch, failed; <see cref="Exception.InnerException"/> is the
/// cause (often a <see cref="Ember.Scheduling.JobFailedException"/> carrying the user's exception).
/// </summary>
public sealed class StreamingJobException(string message, Exception innerException) : Exception($"{message}: {innerException.Message}", innerException);

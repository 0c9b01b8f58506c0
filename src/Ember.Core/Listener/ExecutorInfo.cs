namespace Ember.Listener;

/// <summary>An executor that joined the application (Spark's SparkListenerExecutorAdded with its ExecutorInfo).</summary>
/// <param name="ExecutorId">The executor's id: <c>driver</c> in local mode, <c>0</c>, <c>1</c>, ... on <c>local-cluster</c>.</param>
/// <param name="Host">The host it runs on.</param>
/// <param name="Port">The port of its block service (where its shuffle outputs are fetched); 0 in local mode, which has none.</param>
/// <param name="TotalCores">How many tasks it runs at once.</param>
/// <param name="AddTime">When the driver accepted it.</param>
public sealed record ExecutorInfo(string ExecutorId, string Host, int Port, int TotalCores, DateTimeOffset AddTime)
{
    /// <summary>The executor id local mode uses for its one executor, as Spark's does.</summary>
    public const string DriverId = "driver";

    /// <summary><c>host:port</c> as Spark's UI shows it, or the host alone when there is no port (local mode).</summary>
    public string HostPort => Port > 0 ? $"{Host}:{Port}" : Host;
}

namespace Ember.Scheduling;

/// <summary>Finds the cluster manager of the Ember.Cluster assembly, which an application references to run on a cluster.</summary>
internal static class ClusterManagers
{
    private const string ManagerType = "Ember.Cluster.ClusterManager, Ember.Cluster";

    public static IClusterManager Find(string master)
    {
        Type? type;
        try
        {
            type = Type.GetType(ManagerType, throwOnError: false);
        }
        catch (Exception error) when (error is FileLoadException or BadImageFormatException)
        {
            throw new InvalidOperationException($"The master '{master}' needs the Ember.Cluster assembly, which failed to load: {error.Message}", error);
        }
        if (type is null || Activator.CreateInstance(type) is not IClusterManager manager)
        {
            throw new InvalidOperationException(
                $"The master '{master}' runs on a cluster, which needs Ember.Cluster: add a reference to the Ember.Cluster package " +
                "(or project) to the application. Without it, use a local master such as 'local[*]'.");
        }
        return manager;
    }
}

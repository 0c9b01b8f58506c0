namespace Ember.Cluster.Security;

/// <summary>
/// A node was configured to join a peer that cannot authenticate it, or that it cannot authenticate: one of the two has
/// a shared secret and the other has none. The message names the setting to fix.
/// </summary>
internal sealed class SecretMismatchException(string message) : Exception(message);

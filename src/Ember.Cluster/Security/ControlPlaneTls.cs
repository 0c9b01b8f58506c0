using Akka.Event;
using Akka.Remote.Transport.DotNetty;

namespace Ember.Cluster.Security;

/// <summary>
/// Mutual TLS for Akka.Remote from a <see cref="ClusterSecret"/>. Akka.Remote has no shared-secret check of its own
/// and deserializes what arrives before any actor sees it; the TLS handshake is the only gate that acts earlier.
/// </summary>
internal static class ControlPlaneTls
{
    /// <summary>
    /// The setup that makes a node present the derived certificate and accept only peers that present the derived key,
    /// on its inbound and outbound connections alike. <paramref name="refused"/> hears the peer of every refusal
    /// (Akka's own text for it: a target address outbound, a socket address inbound).
    /// </summary>
    /// <remarks>
    /// Akka 1.5.74 runs CoordinatedShutdown (exit code 79) when an outbound handshake fails: a node that dials a peer
    /// with another secret stops itself. That is what an executor with the wrong secret should do; it is also why the
    /// driver, which only dials executors that have joined it, never dials a stranger.
    /// </remarks>
    public static DotNettySslSetup Setup(ClusterSecret secret, Action<string>? refused = null)
    {
        ArgumentNullException.ThrowIfNull(secret);
        CertificateValidationCallback pin = (certificate, _, peer, _, log) =>
        {
            if (secret.Trusts(certificate))
            {
                return true;
            }
            log.Warning("Refused control-plane peer {0}: its certificate's key is not derived from this node's shared secret ({1}).",
                peer, ClusterSecret.EnvironmentVariable);
            refused?.Invoke(peer);
            return false;
        };
        // Host names are not checked: the certificate names no host, and the pinned key is a stronger proof than a name.
        return new DotNettySslSetup(secret.Certificate, suppressValidation: false, requireMutualAuthentication: true,
            validateCertificateHostname: false, customValidator: pin);
    }
}

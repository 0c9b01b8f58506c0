using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Security;

/// <summary>
/// Mutual TLS for the block service from a <see cref="ClusterSecret"/>: the server requires a client certificate with
/// the derived key, and the client accepts only a server with it. A peer without the secret is refused at the
/// handshake: no HTTP request of its reaches the gRPC pipeline.
/// </summary>
internal static class BlockServiceTls
{
    /// <summary>Kestrel's HTTPS settings for a block server.</summary>
    public static HttpsConnectionAdapterOptions Server(ClusterSecret secret, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(logger);
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificate = secret.Certificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            // Self-signed by design: no chain to check, and nothing to revoke; the pinned key decides.
            CheckCertificateRevocation = false,
            ClientCertificateValidation = (certificate, _, _) =>
            {
                if (secret.Trusts(certificate))
                {
                    return true;
                }
                // Kestrel itself logs the refusal at Debug only.
                logger.LogWarning("Refused a block service client: its certificate's key is not derived from this node's shared secret ({Variable})",
                    ClusterSecret.EnvironmentVariable);
                return false;
            },
        };
    }

    /// <summary>The client side: this node's certificate, and the server accepted only with the derived key.</summary>
    public static SslClientAuthenticationOptions Client(ClusterSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return new SslClientAuthenticationOptions
        {
            ClientCertificates = new X509CertificateCollection { secret.Certificate },
            // The target host stays the peer's address; names are not checked, the pinned key is.
            RemoteCertificateValidationCallback = (_, certificate, _, _) => secret.Trusts(certificate),
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }
}

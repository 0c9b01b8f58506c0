using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Security;

/// <summary>
/// The shared secret of one cluster (Spark's <c>spark.authenticate</c> with <c>spark.authenticate.secret</c>) and the
/// TLS identity derived from it. With a secret, the control plane (Akka.Remote) and the block service (gRPC) run
/// mutual TLS and accept only peers whose certificate carries the key derived from the same secret, so a peer without
/// it is refused at the handshake, before anything it sent is deserialized. Without one, both run in plaintext, which
/// is only safe on loopback.
/// </summary>
/// <remarks>
/// Users set it once, in the <see cref="EnvironmentVariable"/> of the driver and of every executor started by hand
/// (<c>ember://</c>); the driver hands it to the executors it starts itself through their environment, never their
/// command line, which any local user can read.
/// </remarks>
internal sealed class ClusterSecret
{
    /// <summary>Where the driver and the executors read the secret.</summary>
    public const string EnvironmentVariable = "EMBER_AUTH_SECRET";

    /// <summary>
    /// The shortest secret accepted. Anyone who connects sees the derived public key, so a short secret could be
    /// guessed offline against it; 16 random characters put that out of reach.
    /// </summary>
    public const int MinimumLength = 16;

    private readonly byte[] pinnedKey;

    private ClusterSecret(string secret)
    {
        Value = secret;
        using var key = SecretKeyDerivation.DeriveKey(secret);
        pinnedKey = key.ExportSubjectPublicKeyInfo();
        Certificate = SecretKeyDerivation.CreateCertificate(key);
    }

    /// <summary>The certificate this node presents, server and client alike.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The derived public key (DER SubjectPublicKeyInfo) every trusted peer presents.</summary>
    public ReadOnlySpan<byte> PinnedKey => pinnedKey;

    /// <summary>The secret itself: only to pass it on to executor processes, in their environment.</summary>
    internal string Value { get; }

    /// <summary>Derives the TLS identity of <paramref name="secret"/>; throws when it is shorter than <see cref="MinimumLength"/>.</summary>
    public static ClusterSecret Of(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        if (secret.Length < MinimumLength)
        {
            throw new ArgumentException(
                $"The cluster's shared secret ({EnvironmentVariable}) has {secret.Length} characters; it needs at least " +
                $"{MinimumLength}, random ones (for example `openssl rand -base64 24`): anyone who connects sees the key " +
                "derived from it, so a short secret can be guessed offline.", nameof(secret));
        }
        return new ClusterSecret(secret);
    }

    /// <summary>
    /// The secret in <see cref="EnvironmentVariable"/>, or null when it is unset or empty (no authentication). Throws
    /// when it is set but too short.
    /// </summary>
    public static ClusterSecret? FromEnvironment() =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } secret ? Of(secret) : null;

    /// <summary>
    /// Whether <paramref name="peer"/> proves it knows the secret: its public key is the derived one. Chain and name
    /// errors are expected (the certificate is self-signed) and do not matter; the key does.
    /// </summary>
    public bool Trusts(X509Certificate? peer)
    {
        if (peer is null)
        {
            return false;
        }
        using var certificate = X509CertificateLoader.LoadCertificate(peer.GetRawCertData());
        return CryptographicOperations.FixedTimeEquals(certificate.PublicKey.ExportSubjectPublicKeyInfo(), pinnedKey);
    }

    /// <summary>
    /// Puts the secret (or its absence) into the environment of a process to be started, so the child runs with the
    /// same authentication as this process and not with a variable it would inherit otherwise.
    /// </summary>
    public static void PassTo(ProcessStartInfo startInfo, ClusterSecret? secret)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        if (secret is null)
        {
            startInfo.Environment.Remove(EnvironmentVariable);
        }
        else
        {
            startInfo.Environment[EnvironmentVariable] = secret.Value;
        }
    }

    /// <summary>Warns when a node listens beyond loopback in plaintext: then anyone who reaches it can send it work.</summary>
    public static void WarnIfExposed(ClusterSecret? secret, string bindHost, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(bindHost);
        ArgumentNullException.ThrowIfNull(logger);
        if (secret is null && !IsLoopback(bindHost))
        {
            logger.LogWarning(
                "Listening on {Host} without a shared secret: any process that can reach this address can join the " +
                "cluster and have it run code. Set {Variable} (at least {Length} random characters) on the driver and " +
                "every executor.", bindHost, EnvironmentVariable, MinimumLength);
        }
    }

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"{nameof(ClusterSecret)}(key {Convert.ToHexString(SHA256.HashData(pinnedKey))[..16]})";

    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}

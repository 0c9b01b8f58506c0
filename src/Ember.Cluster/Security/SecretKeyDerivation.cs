using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Ember.Cluster.Security;

/// <summary>
/// Turns the shared secret into the TLS identity every node derives alike: a P-256 key from HKDF-SHA256 of the secret,
/// and a self-signed certificate carrying it. No certificate authority and no files to distribute: whoever knows the
/// secret holds the key, and a peer is trusted when its certificate's public key is that key.
/// </summary>
internal static class SecretKeyDerivation
{
    // Versioned labels: a change of derivation must change them, so old and new nodes refuse each other cleanly.
    private static readonly byte[] Salt = "ember-auth-v1"u8.ToArray();
    private static readonly byte[] Info = "tls-p256-key"u8.ToArray();

    // The order n of the NIST P-256 group.
    private static readonly BigInteger GroupOrder = BigInteger.Parse(
        "0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber,
        System.Globalization.CultureInfo.InvariantCulture);

    // Fixed dates: validity never depends on a node's clock; the pinned key, not the dates, decides trust.
    private static readonly DateTimeOffset NotBefore = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NotAfter = new(2099, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The private key derived from <paramref name="secret"/>; its public half is computed by the platform.</summary>
    public static ECDsa DeriveKey(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        // 48 bytes reduced mod (n - 1), plus 1: a scalar in [1, n - 1] with a bias below 2^-128 and no retry loop
        // (FIPS 186-5, A.2.1).
        var okm = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 48, Salt, Info);
        var d = new BigInteger(okm, isUnsigned: true, isBigEndian: true) % (GroupOrder - 1) + 1;
        var scalar = new byte[32];
        var length = d.GetByteCount(isUnsigned: true);
        d.TryWriteBytes(scalar.AsSpan(scalar.Length - length), out _, isUnsigned: true, isBigEndian: true);
        var key = ECDsa.Create();
        key.ImportParameters(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = scalar });
        CryptographicOperations.ZeroMemory(scalar);
        CryptographicOperations.ZeroMemory(okm);
        return key;
    }

    /// <summary>
    /// A self-signed certificate for <paramref name="key"/>, usable by both ends of a connection (server and client
    /// authentication). Its bytes differ on every call (ECDSA signatures are randomized): pin its public key, never
    /// its thumbprint.
    /// </summary>
    public static X509Certificate2 CreateCertificate(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = new CertificateRequest("CN=ember-cluster", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("ember-cluster");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false)); // serverAuth, clientAuth
        using var ephemeral = request.CreateSelfSigned(NotBefore, NotAfter);
        // Through PKCS#12 and back: an ephemeral key works for SslStream on Linux but not with Windows' SChannel.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), password: null);
    }
}

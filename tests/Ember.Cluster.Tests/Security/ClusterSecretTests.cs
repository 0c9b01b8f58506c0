using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ember.Cluster.Security;
using Microsoft.Extensions.Logging;

namespace Ember.Cluster.Tests.Security;

/// <summary>The shared secret's derived TLS identity, its length rule, and how it reaches executor processes.</summary>
public sealed class ClusterSecretTests
{
    internal const string Secret = "correct horse battery staple";
    internal const string OtherSecret = "incorrect donkey battery staple";

    [Fact]
    public void Of_SameSecretTwice_DerivesTheSameKeyAndEachTrustsTheOthersCertificate()
    {
        var first = ClusterSecret.Of(Secret);
        var second = ClusterSecret.Of(Secret);

        Assert.Equal(first.PinnedKey.ToArray(), second.PinnedKey.ToArray());
        Assert.True(first.Trusts(second.Certificate));
        Assert.True(second.Trusts(first.Certificate));
        Assert.True(first.Certificate.HasPrivateKey);
        // ECDSA signatures are randomized: the certificates differ, which is why the key is pinned, not the thumbprint.
        Assert.NotEqual(first.Certificate.Thumbprint, second.Certificate.Thumbprint);
    }

    [Fact]
    public void Of_DifferentSecrets_DeriveDifferentKeysThatRefuseEachOther()
    {
        var mine = ClusterSecret.Of(Secret);
        var theirs = ClusterSecret.Of(OtherSecret);

        Assert.NotEqual(mine.PinnedKey.ToArray(), theirs.PinnedKey.ToArray());
        Assert.False(mine.Trusts(theirs.Certificate));
        Assert.False(theirs.Trusts(mine.Certificate));
    }

    [Fact]
    public void DeriveKey_KnownSecret_GivesTheKeyEveryVersionOfTheDerivationAgreesOn()
    {
        // Computed independently by the TLS spike: a change here splits clusters whose nodes run different builds.
        using var key = SecretKeyDerivation.DeriveKey("s3cret-A");
        Assert.StartsWith("ED16257EDC7B7CED", Convert.ToHexString(SHA256.HashData(key.ExportSubjectPublicKeyInfo())));
    }

    [Fact]
    public void Trusts_CertificateWithAnotherKeyOrNone_IsFalse()
    {
        var secret = ClusterSecret.Of(Secret);
        using var rogueKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rogue = new CertificateRequest("CN=ember-cluster", rogueKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        Assert.False(secret.Trusts(rogue));
        Assert.False(secret.Trusts(null));
    }

    [Fact]
    public void Of_SecretShorterThanSixteenCharacters_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => ClusterSecret.Of("fifteen-chars!!"));
        Assert.Contains(ClusterSecret.EnvironmentVariable, error.Message);
        Assert.Contains("at least 16", error.Message);
        Assert.Equal(16, ClusterSecret.Of("sixteen-chars!!!").Value.Length);
    }

    [Fact]
    public void PassTo_Secret_GoesInTheEnvironmentAndNeverOnTheCommandLine()
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { "--driver", "akka.ssl.tcp://ember@127.0.0.1:1" } };
        ClusterSecret.PassTo(start, ClusterSecret.Of(Secret));

        Assert.Equal(Secret, start.Environment[ClusterSecret.EnvironmentVariable]);
        Assert.DoesNotContain(start.ArgumentList, a => a.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(Secret, ClusterSecret.Of(Secret).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void PassTo_NoSecret_RemovesAVariableTheChildWouldInherit()
    {
        var start = new ProcessStartInfo("dotnet");
        start.Environment[ClusterSecret.EnvironmentVariable] = OtherSecret;

        ClusterSecret.PassTo(start, null);

        Assert.False(start.Environment.ContainsKey(ClusterSecret.EnvironmentVariable));
    }

    [Theory]
    [InlineData("0.0.0.0", false, true)]
    [InlineData("10.1.2.3", false, true)]
    [InlineData("10.1.2.3", true, false)]
    [InlineData("127.0.0.1", false, false)]
    [InlineData("::1", false, false)]
    public void WarnIfExposed_PlaintextBeyondLoopback_Warns(string bindHost, bool withSecret, bool warns)
    {
        var logger = new RecordingLogger();
        ClusterSecret.WarnIfExposed(withSecret ? ClusterSecret.Of(Secret) : null, bindHost, logger);
        Assert.Equal(warns ? 1 : 0, logger.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains(ClusterSecret.EnvironmentVariable, StringComparison.Ordinal)));
    }
}

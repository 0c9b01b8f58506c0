using Ember.Cluster.Processes;

namespace Ember.Cluster.Tests.Scheduling;

public sealed class DriverAddressesTests
{
    [Theory]
    [InlineData("ember://10.0.0.5:7077", false, "akka.tcp://ember@10.0.0.5:7077")]
    [InlineData("ember://10.0.0.5:7077", true, "akka.ssl.tcp://ember@10.0.0.5:7077")]
    [InlineData("akka.tcp://ember@127.0.0.1:4000", true, "akka.tcp://ember@127.0.0.1:4000")]
    public void Resolve_MasterOrAkkaAddress_TheDriversActorSystem(string driver, bool tls, string expected) =>
        Assert.Equal(expected, DriverAddresses.Resolve(driver, tls));

    [Fact]
    public void Resolve_MalformedMaster_ThrowsQuotingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => DriverAddresses.Resolve("ember://nohost", tls: false));

        Assert.Contains("'ember://nohost'", error.Message, StringComparison.Ordinal);
    }
}

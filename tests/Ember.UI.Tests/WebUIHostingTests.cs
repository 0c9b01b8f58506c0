using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Ember.Streaming;
using Ember.UI.Tests.Support;

namespace Ember.UI.Tests;

public class WebUIHostingTests
{
    [Fact]
    public async Task UseWebUI_PortTaken_MovesToTheNextFreePort()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var context = NewContext();

        await using var ui = context.UseWebUI(port: port);

        Assert.InRange(ui.Port, port + 1, port + 16);
        Assert.Equal($"http://127.0.0.1:{ui.Port}/streaming/", ui.StreamingPage.ToString());
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(ui.StreamingPage)).StatusCode);
    }

    [Fact]
    public async Task UseWebUI_DefaultBind_CannotBeReachedFromOtherAddresses()
    {
        await using var context = NewContext();

        await using var ui = context.UseWebUI(port: 0);

        Assert.Equal("127.0.0.1", ui.Address.Host);
        var external = NetworkInterface.GetAllNetworkInterfaces()
            .Where(network => network.OperationalStatus == OperationalStatus.Up)
            .SelectMany(network => network.GetIPProperties().UnicastAddresses)
            .Select(unicast => unicast.Address)
            .Where(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address))
            .ToList();
        foreach (var address in external)
        {
            using var client = new TcpClient();
            var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(address, ui.Port).WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        }
    }

    [Fact]
    public async Task UseWebUI_ContextStops_TheServerStops()
    {
        var context = NewContext();
        context.QueueStream(new System.Collections.Concurrent.ConcurrentQueue<Rdd<int>>()).ForEachRdd(_ => { });
        var ui = context.UseWebUI(port: 0);
        context.Start();

        await context.StopAsync();
        await ui.Stopped.WaitAsync(TimeSpan.FromSeconds(10));

        using var client = new TcpClient();
        var error = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(IPAddress.Loopback, ui.Port).WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
    }

    [Fact]
    public async Task StaticAssets_ChartLibraryAndItsLicense_AreServedFromTheAssembly()
    {
        await using var ui = await FedUI.StartAsync(TimeSpan.FromSeconds(1));
        using var http = new HttpClient();

        using var script = await http.GetAsync(new Uri(ui.Address, "/static/chart.umd.min.js"));
        var license = await http.GetStringAsync(new Uri(ui.Address, "/static/chart.js.LICENSE.md"));
        var page = await http.GetStringAsync(new Uri(ui.Address, "/streaming/"));

        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("/*!\n * Chart.js v4", await script.Content.ReadAsStringAsync());
        Assert.Contains("The MIT License", license);
        Assert.DoesNotContain("src=\"http", page);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(ui.Address, "/static/missing.js"))).StatusCode);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(65536)]
    public async Task UseWebUI_PortOutOfRange_Throws(int port)
    {
        await using var context = NewContext();

        Assert.Throws<ArgumentOutOfRangeException>(() => context.UseWebUI(port: port));
    }

    private static StreamingContext NewContext() =>
        new(new EmberOptions { Master = "local[1]", AppName = "hosting-test" }, TimeSpan.FromMilliseconds(200));
}

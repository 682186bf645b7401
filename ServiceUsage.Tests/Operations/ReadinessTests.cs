using System.Net;
using System.Net.Sockets;
using MySqlConnector;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Operations;

/// <summary>
/// /healthz/ready follows the database: 503 while it is down or hangs, 200 again once it is back, no restart; a job
/// attempt against a database that hangs fails instead of waiting for it.
/// </summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_turns_503_while_mariadb_is_down_or_silent_and_200_when_it_returns()
    {
        await using var server = await PrivateMariaDb.StartAsync();
        // The driver's default connect timeout (15 s), as a deployment's connection string has it.
        var connection = new MySqlConnectionStringBuilder(server.ConnectionString("su_ready")) { ConnectionTimeout = 15, DefaultCommandTimeout = 30 };
        await using var host = new ServiceUsageWebFactory(new ExternalTestDatabase(connection.ConnectionString));
        using var client = host.CreateClient();
        // Far more than the probes' 1 s: a check that waited for the driver's own timeouts (15 s) would miss it.
        client.Timeout = TimeSpan.FromSeconds(5);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        await server.StopServerAsync();
        var down = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("\"database\"", await down.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);

        // A server that accepts connections and never replies (a hung database, a half-open network path).
        using (var silent = new TcpListener(IPAddress.Loopback, server.Port))
        {
            silent.Start();
            var held = new List<TcpClient>();
            _ = Task.Run(async () =>
            {
                try { while (true) held.Add(await silent.AcceptTcpClientAsync()); }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException) { }
            });
            var hung = await client.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, hung.StatusCode);
            Assert.Contains("\"database\"", await hung.Content.ReadAsStringAsync());
            await Assert.ThrowsAnyAsync<Exception>(() => host.RunBillingAsync().WaitAsync(TimeSpan.FromSeconds(10)));
            silent.Stop();
            foreach (var c in held) c.Dispose();
        }

        await server.StartServerAsync();
        HttpStatusCode status = default;
        for (var i = 0; i < 20 && status != HttpStatusCode.OK; i++)
        {
            status = (await client.GetAsync("/healthz/ready")).StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(500);
        }
        Assert.Equal(HttpStatusCode.OK, status);
    }

}

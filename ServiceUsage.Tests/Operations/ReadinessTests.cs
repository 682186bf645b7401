using System.Net;
using ServiceUsage.Domain.Data;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Operations;

/// <summary>/healthz/ready follows the database: 503 while it is down, 200 again once it is back, no restart.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Ready_turns_503_while_mariadb_is_down_and_200_when_it_returns()
    {
        await using var server = await PrivateMariaDb.StartAsync();
        await using var host = new ServiceUsageWebFactory(new ExternalTestDatabase(server.ConnectionString("su_ready")));
        using var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        await server.StopServerAsync();
        var down = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("\"database\"", await down.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);

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

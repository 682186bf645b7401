using System.Net;
using System.Text.Json;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Operations;

/// <summary>The published build, started as the container starts it, in Production.</summary>
public sealed class PublishedHostTests(PublishedHostFixture fixture) : IClassFixture<PublishedHostFixture>
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/live")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/css/app.css")]
    [InlineData("/img/favicon.svg")]
    [InlineData("/account/login")]
    [InlineData("/metrics")]
    public async Task Health_assets_and_the_portal_answer_200_in_production(string path)
    {
        await using var host = await fixture.StartAsync();
        var response = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0);
    }

    [Fact]
    public async Task Ready_reports_database_and_job_server_once_the_job_server_has_started()
    {
        await using var host = await fixture.StartAsync();
        HttpResponseMessage response = null!;
        for (var i = 0; i < 60; i++)
        {
            response = await host.Client.GetAsync("/healthz/ready");
            if (response.StatusCode == HttpStatusCode.OK) break;
            await Task.Delay(250);
        }
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", json.RootElement.GetProperty("checks").GetProperty("jobs").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Logs_are_one_json_object_per_line_and_a_failed_sign_in_never_carries_the_password()
    {
        await using var host = await fixture.StartAsync();
        const string secret = "Very-Secret-Pa55word!";
        var response = await PortalSignIn.PostLoginAsync(host.Client, "nobody", secret);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // the form again, with an error
        Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync());

        var lines = host.Lines.Where(l => l.TrimStart().StartsWith('{')).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        Assert.Contains(lines, l => l.Contains("Failed sign-in") && l.Contains("nobody"));
        Assert.DoesNotContain(host.Lines, l => l.Contains(secret));
    }

    [Fact]
    public async Task Sigterm_stops_the_host_cleanly_within_the_shutdown_timeout()
    {
        var host = await fixture.StartAsync();
        await using (host)
        {
            Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains(host.Lines, l => l.Contains("Application is shutting down"));
        }
    }
}

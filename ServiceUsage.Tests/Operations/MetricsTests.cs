using ServiceUsage.Domain;
using ServiceUsage.Tests.Jobs;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Operations;

/// <summary>/metrics exposes the project's own instruments next to ASP.NET Core's and the runtime's.</summary>
[Collection(MetricsCollection.Name)]
public sealed class MetricsTests(JobsHostFixture fixture) : IClassFixture<JobsHostFixture>
{
    [Fact]
    public async Task After_a_billing_run_metrics_show_charges_money_run_duration_and_orders_by_status()
    {
        var now = await fixture.ResetAsync();
        await fixture.BuyAsync(OrderType.Postpay, quantity: 2);
        fixture.Host.Clock.SetUtcNow(now.AddHours(3));
        await fixture.RunAsync<PostpayBillingJob>();

        using var client = fixture.Host.CreateClient();
        var missing = await client.GetAsync("/usageapi/v1/nothing-here");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        var text = await client.GetStringAsync("/metrics");

        Assert.Matches(@"serviceusage_charges_written\w*\{[^}]*job=""postpay-billing""[^}]*\} 3", text);
        Assert.Matches(@"serviceusage_money_charged\w*\{[^}]*job=""postpay-billing""[^}]*\} 7\.2", text);
        Assert.Contains("serviceusage_billing_run_duration", text);
        Assert.Matches(@"serviceusage_orders\w*\{[^}]*status=""active""[^}]*\} 1", text);
        // The endpoint label is the route pattern (braces and all), or "unmatched" for a path no endpoint serves.
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(text, @"(?m)^serviceusage_api_errors\w*\{.*endpoint=""unmatched"".*status=""404"".*\} 1$"),
            string.Join("\n", text.Split('\n').Where(l => l.Contains("serviceusage_api_errors"))));
        Assert.Contains("http_server_request_duration", text);
    }
}

/// <summary>
/// Runs alone, after the parallel tests: OpenTelemetry listens to every meter named ServiceUsage in the process, so
/// another test host billing at the same moment would add its charges to this host's counters.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "metrics";
}

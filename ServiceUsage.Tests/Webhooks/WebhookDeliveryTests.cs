using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Webhooks;
using StandardWebhooks;

namespace ServiceUsage.Tests.Webhooks;

/// <summary>Delivery on MariaDB to a Kestrel receiver on loopback, with the clock driving the back-off.</summary>
[Collection(WebhookCollection.Name)]
public sealed class WebhookDeliveryTests(WebhookHostFixture fixture)
{
    private static readonly TimeSpan[] Schedule = WebhookOptions.DefaultRetrySchedule;

    [Fact]
    public async Task Wanted_events_arrive_in_sequence_order_signed_so_the_receivers_secret_verifies_them()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpoint, secret) = await fixture.DeploymentEndpointAsync(receiver.Url.AbsoluteUri, EventTypes.OrderCreated, EventTypes.OrderCancelled);
        var user = WebhookHostFixture.NewUser("sig");
        var events = await fixture.RecordAsync((EventTypes.OrderCreated, user), (EventTypes.OrderUpgraded, user), (EventTypes.OrderCancelled, user));

        var run = await fixture.RunAsync();

        Assert.True(run.Delivered >= 2, $"{run}");
        var received = receiver.Received.ToList();
        Assert.Equal([events[0].Id, events[2].Id], received.Select(r => r.Headers["webhook-id"].ToString()));
        var signer = new StandardWebhook(secret);
        foreach (var r in received)
        {
            var timestamp = long.Parse(r.Headers["webhook-timestamp"].ToString());
            Assert.Equal(fixture.Host.Clock.GetUtcNow().ToUnixTimeSeconds(), timestamp);
            Assert.Equal(signer.Sign(r.Headers["webhook-id"].ToString(), DateTimeOffset.FromUnixTimeSeconds(timestamp), r.Body), r.Headers["webhook-signature"].ToString());
            Assert.NotEqual(new StandardWebhook(WebhookSignature.NewSecret()).Sign(r.Headers["webhook-id"].ToString(), DateTimeOffset.FromUnixTimeSeconds(timestamp), r.Body),
                r.Headers["webhook-signature"].ToString());
        }
        var first = JsonNode.Parse(received[0].Body)!;
        Assert.Equal(events[0].Id, (string)first["id"]!);
        Assert.Equal(EventTypes.OrderCreated, (string)first["type"]!);
        Assert.Equal(user, (string)first["user"]!);
        Assert.Equal("Zoë 😀", (string)first["data"]!["note"]!);
        Assert.True((long)JsonNode.Parse(received[1].Body)!["sequence"]! > (long)first["sequence"]!);

        var deliveries = await fixture.DeliveriesAsync(endpoint.Id);
        Assert.Equal(2, deliveries.Count);
        Assert.All(deliveries, d =>
        {
            Assert.Equal(WebhookDeliveryStatus.Delivered, d.Status);
            Assert.Equal(200, Assert.Single(d.AttemptLog).StatusCode);
        });
        await fixture.RunAsync(); // delivered once: nothing goes again
        Assert.Equal(2, receiver.Received.Count);
        await Disable(endpoint.Id);
    }

    [Fact]
    public async Task A_receiver_that_answers_500_three_times_then_200_gets_the_event_after_the_back_off_and_the_next_waits_its_turn()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        foreach (var status in new[] { 500, 500, 500 }) receiver.Script.Enqueue(status);
        var (endpoint, _) = await fixture.DeploymentEndpointAsync(receiver.Url.AbsoluteUri, EventTypes.OrderRenewed);
        var user = WebhookHostFixture.NewUser("retry");
        var events = await fixture.RecordAsync((EventTypes.OrderRenewed, user), (EventTypes.OrderRenewed, user));

        await fixture.RunAsync();
        Assert.Single(receiver.Received);
        await fixture.RunAsync(); // within the back-off: nothing is sent, and the second event does not overtake the first
        Assert.Single(receiver.Received);
        for (var i = 0; i < 3; i++)
        {
            fixture.Host.Clock.Advance(Schedule[i]);
            await fixture.RunAsync();
        }

        Assert.Equal([500, 500, 500, 200, 200], receiver.Received.Select(r => r.AnsweredWith));
        Assert.Equal([events[0].Id, events[0].Id, events[0].Id, events[0].Id, events[1].Id], receiver.Received.Select(r => r.Headers["webhook-id"].ToString()));
        var deliveries = await fixture.DeliveriesAsync(endpoint.Id);
        Assert.Equal(WebhookDeliveryStatus.Delivered, deliveries[0].Status);
        Assert.Equal([500, 500, 500, 200], deliveries[0].AttemptLog.Select(a => a.StatusCode ?? 0));
        Assert.Equal(4, deliveries[0].Attempts);
        Assert.True((await fixture.EndpointAsync(endpoint.Id)).Enabled);

        // Resend: the same id again (a receiver de-duplicates by it), the attempt log keeps the history.
        await fixture.WithEndpointsAsync(e => e.ResendAsync(new WebhookAccess("root", true), endpoint.Id, deliveries[0].Id));
        await fixture.RunAsync();
        Assert.Equal(events[0].Id, receiver.Received.Last().Headers["webhook-id"].ToString());
        Assert.Equal(5, (await fixture.DeliveriesAsync(endpoint.Id))[0].AttemptLog.Count);
        await Disable(endpoint.Id);
    }

    [Fact]
    public async Task A_receiver_down_for_the_whole_window_leaves_a_failed_delivery_a_disabled_endpoint_and_an_event_saying_so()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/hook";
        var (endpoint, _) = await fixture.DeploymentEndpointAsync(url, EventTypes.OrderExpired);
        var user = WebhookHostFixture.NewUser("down");
        var start = fixture.Host.Clock.GetUtcNow();
        await fixture.RecordAsync((EventTypes.OrderExpired, user));

        await fixture.RunAsync();
        foreach (var wait in Schedule)
        {
            Assert.True((await fixture.EndpointAsync(endpoint.Id)).Enabled);
            fixture.Host.Clock.Advance(wait);
            await fixture.RunAsync();
        }

        Assert.InRange(fixture.Host.Clock.GetUtcNow() - start, TimeSpan.FromHours(20), TimeSpan.FromHours(30));
        var delivery = Assert.Single(await fixture.DeliveriesAsync(endpoint.Id));
        Assert.Equal(WebhookDeliveryStatus.Failed, delivery.Status);
        Assert.Equal(Schedule.Length + 1, delivery.AttemptLog.Count);
        Assert.All(delivery.AttemptLog, a => Assert.Equal(WebhookAttemptOutcome.Failed, a.Outcome));
        var disabled = await fixture.EndpointAsync(endpoint.Id);
        Assert.False(disabled.Enabled);
        Assert.Contains("failed", disabled.DisabledReason);
        await using var db = fixture.Host.Database.NewContext();
        var notice = await db.Events.SingleAsync(e => e.Type == WebhookEventTypes.EndpointDisabled && e.Data.Contains($"\"endpointId\":{endpoint.Id},"));
        Assert.Equal("root", notice.User);
    }

    [Fact]
    public async Task A_tenant_endpoint_gets_only_its_tenants_events_and_is_refused_at_delivery_when_its_name_now_points_at_loopback()
    {
        var tenant = WebhookHostFixture.NewUser("rebind");
        fixture.Dns.Names["rebind.test"] = [IPAddress.Parse(FakeWebhookDns.PublicAddress)];
        var (endpoint, _) = await fixture.WithEndpointsAsync(e => e.CreateAsync(new WebhookAccess(tenant, false), "https://rebind.test/hook", null));
        fixture.Dns.Names["rebind.test"] = [IPAddress.Loopback];
        var events = await fixture.RecordAsync((EventTypes.OrderCreated, tenant), (EventTypes.OrderCreated, WebhookHostFixture.NewUser("other")));

        await fixture.RunAsync();

        var delivery = Assert.Single(await fixture.DeliveriesAsync(endpoint.Id));
        Assert.Equal(events[0].Id, delivery.EventId);
        var attempt = Assert.Single(delivery.AttemptLog);
        Assert.Equal(WebhookAttemptOutcome.Refused, attempt.Outcome);
        Assert.Null(attempt.StatusCode);
        Assert.Contains("127.0.0.1", attempt.Error);
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        await Disable(endpoint.Id);
    }

    [Fact]
    public async Task Two_hosts_running_at_once_send_each_event_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var (endpoint, _) = await fixture.DeploymentEndpointAsync(receiver.Url.AbsoluteUri, EventTypes.StatementClosed);
        var user = WebhookHostFixture.NewUser("two");
        var events = await fixture.RecordAsync(Enumerable.Range(0, 40).Select(_ => (EventTypes.StatementClosed, user)).ToArray());

        // Two dispatchers (as two replicas would be), each with its own claims, over the same database.
        await using var other = fixture.Host.Services.CreateAsyncScope();
        var second = ActivatorUtilities.CreateInstance<WebhookDispatcher>(other.ServiceProvider);
        await Task.WhenAll(fixture.RunAsync(), second.RunAsync(), fixture.RunAsync(), second.RunAsync());

        Assert.Equal(events.Select(e => e.Id), receiver.Received.Select(r => r.Headers["webhook-id"].ToString()));
        Assert.All(await fixture.DeliveriesAsync(endpoint.Id), d => Assert.Single(d.AttemptLog));
        await Disable(endpoint.Id);
    }

    [Fact]
    public async Task Metrics_count_attempts_by_outcome_and_show_how_old_the_oldest_undelivered_event_is()
    {
        var (endpoint, _) = await fixture.DeploymentEndpointAsync($"http://127.0.0.1:{ClosedPort()}/hook", EventTypes.BudgetThresholdCrossed);
        await fixture.RecordAsync((EventTypes.BudgetThresholdCrossed, WebhookHostFixture.NewUser("metric")));
        await fixture.RunAsync();
        fixture.Host.Clock.Advance(TimeSpan.FromMinutes(3));

        using var client = fixture.Host.CreateClient();
        var text = await client.GetStringAsync("/metrics");
        await Disable(endpoint.Id);

        Assert.Matches(@"(?m)^serviceusage_webhooks_attempts\w*\{[^}]*outcome=""failed""[^}]*\} [1-9]", text);
        var age = System.Text.RegularExpressions.Regex.Match(text, @"(?m)^serviceusage_webhooks_oldest_undelivered_age\w*(?:\{[^}]*\})? ([0-9.e+]+)");
        Assert.True(age.Success, string.Join("\n", text.Split('\n').Where(l => l.Contains("webhooks"))));
        Assert.InRange(double.Parse(age.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 180, 1e9);
    }

    private Task Disable(long id) => fixture.WithEndpointsAsync(e => e.UpdateAsync(new WebhookAccess("root", true), id, null, null, false));

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

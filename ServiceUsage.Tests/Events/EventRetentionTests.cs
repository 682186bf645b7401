using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Webhooks;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Events;

/// <summary>
/// Retention forgets old finished deliveries and old events, and keeps every event an endpoint still has to send: one
/// with a pending delivery, and those past the slowest enabled endpoint's fan-out cursor.
/// </summary>
public abstract class EventRetentionTests(DatabaseFixture fixture) : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);

    private TestDatabase Database => fixture.Database;

    public Task InitializeAsync() => fixture.Database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private EventRetention Retention() => new(Database.Contexts,
        Microsoft.Extensions.Options.Options.Create(new RetentionOptions { Events = TimeSpan.FromDays(90), WebhookDeliveries = TimeSpan.FromDays(30) }),
        new FakeTimeProvider(new DateTimeOffset(Now)));

    [Fact]
    public async Task Old_finished_deliveries_and_old_events_nobody_still_sends_are_forgotten()
    {
        // Events 1–6: 1–4 are older than 90 days, 5–6 young. Event 2 still has a pending delivery.
        var ages = new[] { 200, 150, 120, 91, 60, 1 };
        await using (var db = Database.NewContext())
        {
            for (var i = 0; i < ages.Length; i++)
                db.Events.Add(EventOutbox.Create(EventTypes.OrderCreated, "alice", $"o{i + 1}", new { n = i + 1 }, Now.AddDays(-ages[i])));
            await db.SaveChangesAsync();
        }
        await new EventSequencer(Database.Contexts, NullLogger<EventSequencer>.Instance).SequenceAsync();
        long endpointId;
        await using (var db = Database.NewContext())
        {
            var events = await db.Events.OrderBy(e => e.Sequence).ToListAsync();
            var endpoint = new WebhookEndpoint { CreatedBy = "admin", Url = "https://93.184.216.34/", ProtectedSecret = "x", Cursor = 6, CreatedAt = Now, UpdatedAt = Now };
            db.WebhookEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            endpointId = endpoint.Id;
            db.WebhookDeliveries.AddRange(
                Delivery(endpoint.Id, events[0], WebhookDeliveryStatus.Delivered, finishedDaysAgo: 199), // old: forgotten
                Delivery(endpoint.Id, events[1], WebhookDeliveryStatus.Pending, finishedDaysAgo: null), // pending: kept, and keeps event 2
                Delivery(endpoint.Id, events[2], WebhookDeliveryStatus.Failed, finishedDaysAgo: 31), // old failure: forgotten
                Delivery(endpoint.Id, events[4], WebhookDeliveryStatus.Delivered, finishedDaysAgo: 29)); // recent: kept
            await db.SaveChangesAsync();
        }

        var result = await Retention().RunAsync();

        await using var after = Database.NewContext();
        Assert.Equal(2, result.Deliveries);
        Assert.Equal([2L, 5L], await after.WebhookDeliveries.OrderBy(d => d.Sequence).Select(d => d.Sequence).ToListAsync());
        Assert.Equal(2, await after.WebhookAttempts.CountAsync()); // the kept deliveries' attempts
        // Event 1 goes; event 2 has a pending delivery, so it and everything after it stay.
        Assert.Equal(1, result.Events);
        Assert.Equal([2L, 3L, 4L, 5L, 6L], await after.Events.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync());

        // Once that delivery is done, the old events after it go too, and the young ones stay.
        await after.WebhookDeliveries.Where(d => d.EndpointId == endpointId && d.Sequence == 2)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Delivered).SetProperty(d => d.FinishedAt, Now));
        Assert.Equal(3, (await Retention().RunAsync()).Events);
        Assert.Equal([5L, 6L], await after.Events.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync());

        // A delivery whose event is gone cannot be sent again (it would fail every attempt and disable the endpoint).
        var forgotten = await after.WebhookDeliveries.SingleAsync(d => d.Sequence == 2);
        await using var write = Database.NewContext();
        var endpoints = new WebhookEndpoints(write, new WebhookSecrets(new Microsoft.AspNetCore.DataProtection.EphemeralDataProtectionProvider()),
            new ServiceUsage.Tests.Webhooks.FakeWebhookDns(), Microsoft.Extensions.Options.Options.Create(new WebhookOptions()), new FakeTimeProvider(new DateTimeOffset(Now)));
        var refused = await Assert.ThrowsAsync<WebhookException>(() => endpoints.ResendAsync(new WebhookAccess("admin", true), endpointId, forgotten.Id));
        Assert.Equal(WebhookError.NotFound, refused.Error);
        Assert.Equal(WebhookDeliveryStatus.Delivered, (await Database.NewContext().WebhookDeliveries.SingleAsync(d => d.Id == forgotten.Id)).Status);
    }

    [Fact]
    public async Task Events_an_enabled_endpoint_has_not_fanned_out_yet_are_kept_and_a_disabled_one_holds_nothing()
    {
        await using (var db = Database.NewContext())
        {
            for (var i = 0; i < 3; i++)
                db.Events.Add(EventOutbox.Create(EventTypes.OrderCreated, "alice", $"o{i + 1}", new { n = i + 1 }, Now.AddDays(-100 + i)));
            db.WebhookEndpoints.AddRange(
                new WebhookEndpoint { CreatedBy = "admin", Url = "https://93.184.216.34/a", ProtectedSecret = "x", Cursor = 1, CreatedAt = Now, UpdatedAt = Now },
                new WebhookEndpoint { CreatedBy = "admin", Url = "https://93.184.216.34/b", ProtectedSecret = "x", Cursor = 0, Enabled = false, CreatedAt = Now, UpdatedAt = Now });
            await db.SaveChangesAsync();
        }
        await new EventSequencer(Database.Contexts, NullLogger<EventSequencer>.Instance).SequenceAsync();

        Assert.Equal(1, (await Retention().RunAsync()).Events); // the enabled endpoint has fanned out event 1 only

        await using var after = Database.NewContext();
        Assert.Equal([2L, 3L], await after.Events.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync());
    }

    [Fact]
    public async Task The_newest_event_is_always_kept_so_numbers_are_never_given_twice()
    {
        await using (var db = Database.NewContext())
        {
            for (var i = 0; i < 3; i++)
                db.Events.Add(EventOutbox.Create(EventTypes.OrderCreated, "alice", $"o{i + 1}", new { n = i + 1 }, Now.AddDays(-200 + i)));
            await db.SaveChangesAsync();
        }
        var sequencer = new EventSequencer(Database.Contexts, NullLogger<EventSequencer>.Instance);
        await sequencer.SequenceAsync();

        Assert.Equal(2, (await Retention().RunAsync()).Events); // every event is old and no endpoint exists

        await using (var db = Database.NewContext())
        {
            db.Events.Add(EventOutbox.Create(EventTypes.OrderCreated, "alice", "o4", new { n = 4 }, Now));
            await db.SaveChangesAsync();
        }
        await sequencer.SequenceAsync();
        await using var after = Database.NewContext();
        Assert.Equal([3L, 4L], await after.Events.OrderBy(e => e.Sequence).Select(e => e.Sequence!.Value).ToListAsync());
    }

    private static WebhookDelivery Delivery(long endpointId, EventRecord e, WebhookDeliveryStatus status, int? finishedDaysAgo) => new()
    {
        EndpointId = endpointId, EventId = e.Id, Sequence = e.Sequence!.Value, EventType = e.Type, EventAt = e.Time, Status = status,
        Attempts = 1, CreatedAt = e.Time, FinishedAt = finishedDaysAgo is { } d ? Now.AddDays(-d) : null,
        AttemptLog = [new WebhookAttempt { At = e.Time, Outcome = WebhookAttemptOutcome.Failed, Error = "x" }],
    };
}

public sealed class SqliteEventRetentionTests(SqliteDatabaseFixture f) : EventRetentionTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbEventRetentionTests(MariaDbDatabaseFixture f) : EventRetentionTests(f), IClassFixture<MariaDbDatabaseFixture>;

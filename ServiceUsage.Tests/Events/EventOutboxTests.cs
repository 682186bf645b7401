using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Events;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Events;

/// <summary>The outbox itself: events commit with their transaction, ids collide, and numbers follow what became visible.</summary>
public abstract class EventOutboxTests(DatabaseFixture fixture) : IAsyncLifetime
{
    protected static readonly DateTime At = new(2026, 3, 1, 10, 0, 0, DateTimeKind.Utc);

    protected TestDatabase Database => fixture.Database;

    public Task InitializeAsync() => fixture.Database.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected EventSequencer Sequencer() => new(Database.Contexts, NullLogger<EventSequencer>.Instance);

    [Fact]
    public async Task Tracked_events_are_stored_by_the_callers_save_and_numbered_in_insert_order()
    {
        await using (var db = Database.NewContext())
        {
            EventOutbox.Add(db, EventTypes.OrderCreated, "alice", "o1", new { orderId = "o1" }, At);
            EventOutbox.Add(db, EventTypes.OrderCreated, "bob", "o2", new { orderId = "o2" }, At);
            Assert.Equal(0, await Database.NewContext().Events.CountAsync()); // nothing before the save
            await db.SaveChangesAsync();
        }

        Assert.Equal(2, await Sequencer().SequenceAsync());
        Assert.Equal(0, await Sequencer().SequenceAsync());
        await using var read = Database.NewContext();
        var events = await read.Events.OrderBy(e => e.Key).ToListAsync();
        Assert.Equal([1L, 2L], events.Select(e => e.Sequence!.Value));
        Assert.Equal(["alice", "bob"], events.Select(e => e.User));
        Assert.Equal(EventOutbox.IdOf(EventTypes.OrderCreated, "o1"), events[0].Id);
        Assert.Equal("{\"orderId\":\"o1\"}", events[0].Data);
        Assert.Equal(At, events[0].Time);
    }

    [Fact]
    public async Task Many_events_go_in_with_bulk_inserts_and_are_numbered_in_bounded_batches()
    {
        const int count = EventSequencer.BatchSize + 234;
        await using (var db = Database.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var events = Enumerable.Range(0, count)
                .Select(i => EventOutbox.Create(EventTypes.OrderRenewed, $"user{i % 7}", $"o{i}", new { n = i, money = 1.5m, at = At }, At)).ToList();
            await EventOutbox.InsertAsync(db, events, default);
            await tx.CommitAsync();
        }

        Assert.Equal(EventSequencer.BatchSize, await Sequencer().SequenceAsync(maxBatches: 1));
        Assert.Equal(234, await Sequencer().SequenceAsync());
        await using var read = Database.NewContext();
        var stored = await read.Events.OrderBy(e => e.Key).Select(e => new { e.Sequence, e.Data }).ToListAsync();
        Assert.Equal(Enumerable.Range(1, count).Select(i => (long?)i), stored.Select(e => e.Sequence));
        // The data is written as the API writes: money with 4 places, times RFC 3339 UTC.
        Assert.Equal("{\"n\":5,\"money\":1.5000,\"at\":\"2026-03-01T10:00:00Z\"}", stored[5].Data);
    }

    [Fact]
    public async Task The_same_occurrence_written_again_collides_and_its_transaction_keeps_nothing()
    {
        await using (var db = Database.NewContext())
        {
            EventOutbox.Add(db, EventTypes.OrderExpired, "alice", "o1", new { }, At);
            await db.SaveChangesAsync();
        }
        await using (var db = Database.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var again = new[] { EventOutbox.Create(EventTypes.OrderExpired, "bob", "o2", new { }, At), EventOutbox.Create(EventTypes.OrderExpired, "alice", "o1", new { }, At) };
            var refused = await Assert.ThrowsAsync<BillingException>(() => EventOutbox.InsertAsync(db, again, default));
            Assert.Equal(BillingError.Conflict, refused.Error);
        }
        await using var read = Database.NewContext();
        Assert.Equal(["alice"], await read.Events.Select(e => e.User).ToListAsync());
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_event()
    {
        await using (var db = Database.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            await EventOutbox.InsertAsync(db, [EventOutbox.Create(EventTypes.OrderRenewed, "alice", "o1", new { }, At)], default);
            await tx.RollbackAsync();
        }
        Assert.Equal(0, await Sequencer().SequenceAsync());
        Assert.Equal(0, await Database.NewContext().Events.CountAsync());
    }
}

public sealed class SqliteEventOutboxTests(SqliteDatabaseFixture f) : EventOutboxTests(f), IClassFixture<SqliteDatabaseFixture>;

public sealed class MariaDbEventOutboxTests(MariaDbDatabaseFixture f) : EventOutboxTests(f), IClassFixture<MariaDbDatabaseFixture>
{
    [Fact]
    public async Task An_event_that_commits_late_is_numbered_after_those_already_numbered_never_before()
    {
        await using var slow = Database.NewContext();
        await using var slowTx = await slow.Database.BeginTransactionAsync();
        await EventOutbox.InsertAsync(slow, [EventOutbox.Create(EventTypes.OrderRenewed, "alice", "first-inserted", new { }, At)], default);
        await using (var fast = Database.NewContext())
        {
            EventOutbox.Add(fast, EventTypes.OrderRenewed, "bob", "second-inserted", new { }, At);
            await fast.SaveChangesAsync();
        }

        Assert.Equal(1, await Sequencer().SequenceAsync()); // the uncommitted one is not seen, nor waited for
        await slowTx.CommitAsync();
        Assert.Equal(1, await Sequencer().SequenceAsync());

        await using var read = Database.NewContext();
        var numbered = await read.Events.OrderBy(e => e.Sequence).Select(e => new { e.User, e.Key, e.Sequence }).ToListAsync();
        Assert.Equal(["bob", "alice"], numbered.Select(e => e.User));
        Assert.True(numbered[1].Key < numbered[0].Key, "alice's event was inserted first");
        Assert.Equal([1L, 2L], numbered.Select(e => e.Sequence!.Value));
    }
}

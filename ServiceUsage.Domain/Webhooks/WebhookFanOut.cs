using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>
/// Creates a delivery for every numbered event an enabled endpoint wants, in sequence order. Each endpoint keeps a
/// cursor (the last sequence considered); one pass per endpoint is one transaction of at most
/// <see cref="WebhookOptions.FanOutBatch"/> events, and moves the cursor only if no other host moved it first (the
/// unique (endpoint, event) key backs that up). Every sequence up to the largest one read has committed (the
/// sequencer numbers in committed batches), so the cursor never passes an event still to come.
/// </summary>
public sealed class WebhookFanOut(IDbContextFactory<ServiceUsageDbContext> contexts, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var last = await LastSequenceAsync(db, ct);
        var endpoints = await db.WebhookEndpoints.AsNoTracking()
            .Where(e => e.Enabled && e.Cursor < last).OrderBy(e => e.Cursor).ThenBy(e => e.Id).Take(options.Value.EndpointsPerRun)
            .ToListAsync(ct);
        var created = 0;
        foreach (var endpoint in endpoints) created += await FanOutAsync(endpoint, last, ct);
        return created;
    }

    public static async Task<long> LastSequenceAsync(ServiceUsageDbContext db, CancellationToken ct) =>
        await db.Events.MaxAsync(e => e.Sequence, ct) ?? 0;

    private async Task<int> FanOutAsync(WebhookEndpoint endpoint, long last, CancellationToken ct)
    {
        var batch = options.Value.FanOutBatch;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            db.ChangeTracker.Clear();
            await using var tx = await db.Database.BeginTransactionAsync(token);
            var events = db.Events.AsNoTracking().Where(e => e.Sequence > endpoint.Cursor && e.Sequence <= last);
            if (endpoint.Owner is { } owner) events = events.Where(e => e.User == owner);
            var types = endpoint.Types;
            if (types.Count > 0) events = events.Where(e => types.Contains(e.Type));
            var found = await events.OrderBy(e => e.Sequence).Take(batch)
                .Select(e => new { e.Id, Sequence = e.Sequence!.Value, e.Type, e.Time }).ToListAsync(token);
            var cursor = found.Count == batch ? found[^1].Sequence : last;
            var moved = await db.WebhookEndpoints.Where(e => e.Id == endpoint.Id && e.Cursor == endpoint.Cursor)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.Cursor, cursor), token);
            if (moved == 0) return 0;
            var now = BillingTime.Now(clock);
            db.WebhookDeliveries.AddRange(found.Select(e => new WebhookDelivery
            {
                EndpointId = endpoint.Id, EventId = e.Id, Sequence = e.Sequence, EventType = e.Type, EventAt = e.Time,
                Status = WebhookDeliveryStatus.Pending, CreatedAt = now,
            }));
            await db.SaveChangesAsync(token);
            await tx.CommitAsync(token);
            return found.Count;
        }, ct);
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Domain.Events;

/// <summary>The <c>Retention</c> section: how long events and finished webhook deliveries are kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Events older than this are forgotten once no webhook endpoint still has to send them.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan Events { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Delivered or failed webhook deliveries (and their attempts) finished longer ago than this are forgotten.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan WebhookDeliveries { get; set; } = TimeSpan.FromDays(30);
}

/// <summary>What one retention pass forgot.</summary>
public sealed record RetentionResult(int Deliveries, int Events);

/// <summary>
/// Forgets what nobody needs any more, so the outbox and the delivery log do not grow for ever: finished webhook
/// deliveries (with their attempts) older than <see cref="RetentionOptions.WebhookDeliveries"/>, then sequenced events
/// older than <see cref="RetentionOptions.Events"/> that no endpoint still has to send (none has a pending delivery of
/// them, and every enabled endpoint's fan-out is past them). Transactions of at most <see cref="PerTransaction"/> rows;
/// events go oldest number first and stop at the first one still young. The feed keeps its numbering: a reader's
/// <c>after=</c> still works, and what it asks for that is gone is simply not there (the newest event is always kept,
/// so numbers are never given twice). An endpoint disabled for longer than
/// the retention resumes, once enabled, at the oldest event kept. Money is never touched.
/// </summary>
public sealed class EventRetention(IDbContextFactory<ServiceUsageDbContext> contexts, IOptions<RetentionOptions> options, TimeProvider clock)
{
    public const int PerTransaction = 5000;

    public async Task<RetentionResult> RunAsync(CancellationToken ct = default)
    {
        var now = BillingTime.Now(clock);
        await using var db = await contexts.CreateDbContextAsync(ct);

        var deliveryCutoff = now - options.Value.WebhookDeliveries;
        var deliveries = 0;
        while (true)
        {
            var ids = await db.WebhookDeliveries.AsNoTracking()
                .Where(d => d.Status != WebhookDeliveryStatus.Pending && d.EventAt < deliveryCutoff && d.FinishedAt < deliveryCutoff)
                .OrderBy(d => d.Id).Select(d => d.Id).Take(PerTransaction).ToListAsync(ct);
            if (ids.Count == 0) break;
            await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
            {
                await using var transaction = await db.Database.BeginTransactionAsync(token);
                await db.WebhookAttempts.Where(a => ids.Contains(a.DeliveryId)).ExecuteDeleteAsync(token);
                await db.WebhookDeliveries.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(token);
                await transaction.CommitAsync(token);
            }, ct);
            deliveries += ids.Count;
        }

        // Events some endpoint still has to send stay: from the oldest pending delivery, and after the slowest enabled
        // endpoint's fan-out cursor (the fan-out only reads events numbered past an endpoint's cursor). The newest
        // numbered event always stays: the sequencer numbers on from it, so no number is ever given twice.
        var pending = await db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Pending).MinAsync(d => (long?)d.Sequence, ct);
        var cursor = await db.WebhookEndpoints.Where(e => e.Enabled).MinAsync(e => (long?)e.Cursor, ct);
        var newest = await db.Events.MaxAsync(e => e.Sequence, ct) ?? 0;
        var keepFrom = Math.Min(newest, Math.Min(pending ?? long.MaxValue, cursor is { } c ? c + 1 : long.MaxValue));
        var eventCutoff = now - options.Value.Events;
        var events = 0;
        while (true)
        {
            var oldest = await db.Events.AsNoTracking().Where(e => e.Sequence != null && e.Sequence < keepFrom)
                .OrderBy(e => e.Sequence).Take(PerTransaction).Select(e => new { e.Key, e.Time }).ToListAsync(ct);
            var old = oldest.TakeWhile(e => e.Time < eventCutoff).Select(e => e.Key).ToList();
            if (old.Count > 0) events += await db.Events.Where(e => old.Contains(e.Key)).ExecuteDeleteAsync(ct);
            if (old.Count < PerTransaction) break;
        }
        return new RetentionResult(deliveries, events);
    }
}

using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Web.Operations;

/// <summary>
/// Webhook instruments on the project's meter: attempts by outcome, deliveries that failed for good, and the age of
/// the oldest event still waiting for an enabled endpoint (read from the database at most every 30 seconds).
/// </summary>
public sealed class WebhookMetrics : IWebhookObserver
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly Counter<long> _attempts;
    private readonly Counter<long> _failed;
    private readonly IDbContextFactory<ServiceUsageDbContext> _contexts;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private Measurement<double>[] _last = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public WebhookMetrics(IMeterFactory meters, IDbContextFactory<ServiceUsageDbContext> contexts, TimeProvider clock)
    {
        (_contexts, _clock) = (contexts, clock);
        var meter = meters.Create(BillingMetrics.MeterName);
        _attempts = meter.CreateCounter<long>("serviceusage.webhooks.attempts", "{attempt}", "Webhook delivery attempts by outcome (succeeded, failed, refused)");
        _failed = meter.CreateCounter<long>("serviceusage.webhooks.deliveries.failed", "{delivery}", "Webhook deliveries that failed every attempt");
        meter.CreateObservableGauge("serviceusage.webhooks.oldest_undelivered_age", ObserveOldest, "s",
            "Age of the oldest event not yet delivered to an enabled endpoint (0 when none waits)");
    }

    public void AttemptFinished(WebhookAttemptOutcome outcome, bool deliveryFailed)
    {
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", EnumNames.ToWire(outcome)));
        if (deliveryFailed) _failed.Add(1);
    }

    private IEnumerable<Measurement<double>> ObserveOldest()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (now - _readAt < MaxAge && now >= _readAt) return _last;
            try
            {
                using var db = _contexts.CreateDbContext();
                var oldest = db.WebhookDeliveries
                    .Where(d => d.Status == WebhookDeliveryStatus.Pending && db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.Enabled))
                    .Min(d => (DateTime?)d.EventAt);
                _last = [new Measurement<double>(oldest is { } at ? Math.Max(0, (now.UtcDateTime - at).TotalSeconds) : 0)];
                _readAt = now;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                _last = [];
            }
            return _last;
        }
    }
}

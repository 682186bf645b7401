using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Web.Operations;

/// <summary>Orders by type and status for the gauge, read from the database at most every 30 seconds.</summary>
public sealed class OrderStatusGauge(IDbContextFactory<ServiceUsageDbContext> contexts, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);
    private readonly Lock _gate = new();
    private Measurement<long>[] _last = [];
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public IEnumerable<Measurement<long>> Observe()
    {
        lock (_gate)
        {
            var now = clock.GetUtcNow();
            if (now - _readAt < MaxAge && now >= _readAt) return _last;
            try
            {
                using var db = contexts.CreateDbContext();
                _last = db.Orders.GroupBy(o => new { o.Type, o.Status }).Select(g => new { g.Key.Type, g.Key.Status, Count = g.LongCount() })
                    .AsEnumerable()
                    .Select(g => new Measurement<long>(g.Count,
                        new KeyValuePair<string, object?>("type", EnumNames.ToWire(g.Type)),
                        new KeyValuePair<string, object?>("status", EnumNames.ToWire(g.Status))))
                    .ToArray();
                _readAt = now;
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
            {
                // The database is down: report nothing rather than stale counts; /healthz/ready says why.
                _last = [];
            }
            return _last;
        }
    }
}

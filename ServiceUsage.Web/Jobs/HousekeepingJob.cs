using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// Daily: forgets API idempotency keys older than <see cref="JobsOptions.IdempotencyRetention"/> (a replay after
/// that creates a new order, as with any idempotency key that has expired), then old finished webhook deliveries and
/// old events nobody still has to send (<see cref="EventRetention"/>). Touches no money.
/// </summary>
public sealed partial class HousekeepingJob(
    ServiceUsageDbContext db, EventRetention retention, TimeProvider clock, IOptions<JobsOptions> options, ILogger<HousekeepingJob> logger)
{
    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - options.Value.IdempotencyRetention;
        var removed = await db.IdempotencyRecords.Where(r => r.CreatedAt < cutoff).ExecuteDeleteAsync(ct);
        LogRemoved(logger, removed, cutoff);
        var forgotten = await retention.RunAsync(ct);
        LogForgotten(logger, forgotten.Deliveries, forgotten.Events);
        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping removed {Count} idempotency keys created before {Cutoff:O}")]
    private static partial void LogRemoved(ILogger logger, int count, DateTime cutoff);

    [LoggerMessage(Level = LogLevel.Information, Message = "Housekeeping forgot {Deliveries} finished webhook deliveries and {Events} events past their retention")]
    private static partial void LogForgotten(ILogger logger, int deliveries, int events);
}

using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Domain.Billing;

/// <summary>The admin billing page's list of runs, newest first; runs that found nothing to do are hidden unless asked for.</summary>
public sealed class BillingRunsQuery(ServiceUsageDbContext db)
{
    public async Task<IReadOnlyList<BillingRun>> RecentAsync(int take = 50, bool includeIdle = false, CancellationToken ct = default)
    {
        var runs = db.BillingRuns.AsNoTracking();
        if (!includeIdle) runs = runs.Where(r => r.RowsCharged > 0 || r.Error != null || r.EndedAt == null);
        return await runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id).Take(take).ToListAsync(ct);
    }
}

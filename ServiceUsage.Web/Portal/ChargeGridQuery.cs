using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Web.Portal;

/// <summary>One page of an order's charges, sorted in the database (a postpay order gains a row every hour).</summary>
public static class ChargeGridQuery
{
    public static async Task<GridData<UsageRecord>> PageAsync(ServiceUsageDbContext db, string orderId, GridState<UsageRecord> state, CancellationToken ct = default)
    {
        var query = db.UsageHistory.AsNoTracking().Where(u => u.OrderId == orderId);
        var total = await query.CountAsync(ct);
        var sort = state.SortDefinitions.FirstOrDefault();
        query = (sort?.SortBy, sort?.Descending ?? true) switch
        {
            (nameof(UsageRecord.Payment), false) => query.OrderBy(u => u.Payment).ThenBy(u => u.UsageId),
            (nameof(UsageRecord.Payment), true) => query.OrderByDescending(u => u.Payment).ThenBy(u => u.UsageId),
            (nameof(UsageRecord.EndTime), false) => query.OrderBy(u => u.EndTime).ThenBy(u => u.UsageId),
            (nameof(UsageRecord.EndTime), true) => query.OrderByDescending(u => u.EndTime).ThenBy(u => u.UsageId),
            (nameof(UsageRecord.BeginTime), false) => query.OrderBy(u => u.BeginTime).ThenBy(u => u.UsageId),
            _ => query.OrderByDescending(u => u.BeginTime).ThenByDescending(u => u.UsageId),
        };
        var size = Math.Clamp(state.PageSize, 1, OrderGridQuery.MaxPageSize);
        var items = await query.Skip(Math.Max(state.Page, 0) * size).Take(size).ToListAsync(ct);
        return new GridData<UsageRecord> { Items = items, TotalItems = total };
    }
}

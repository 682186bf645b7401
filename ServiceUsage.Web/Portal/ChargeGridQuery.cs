using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Web.Portal;

/// <summary>One page of an order's charges, sorted in the database (a postpay order gains a row every hour).</summary>
public sealed class ChargeGridQuery(ServiceUsageDbContext db)
{
    public async Task<GridData<UsageRecord>> PageAsync(string orderId, OrderAccess access, GridState<UsageRecord> state, CancellationToken ct = default)
    {
        if (!InputRules.IsOrderId(orderId)) return new GridData<UsageRecord> { Items = [], TotalItems = 0 };
        var query = db.UsageHistory.AsNoTracking().VisibleTo(access).Where(u => u.OrderId == orderId);
        var total = await query.CountAsync(ct);
        var sort = state.SortDefinitions.FirstOrDefault();
        IQueryable<UsageRecord> sorted = (sort?.SortBy, sort?.Descending ?? true) switch
        {
            (nameof(UsageRecord.Payment), var d) => GridPage.Sort(query, u => u.Payment, d).ThenBy(u => u.UsageId),
            (nameof(UsageRecord.EndTime), var d) => GridPage.Sort(query, u => u.EndTime, d).ThenBy(u => u.UsageId),
            (nameof(UsageRecord.BeginTime), false) => query.OrderBy(u => u.BeginTime).ThenBy(u => u.UsageId),
            _ => query.OrderByDescending(u => u.BeginTime).ThenByDescending(u => u.UsageId),
        };
        return await GridPage.TakeAsync(sorted, total, state.Page, state.PageSize, ct);
    }
}

using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Web.Portal;

/// <summary>Filters of the orders grid; User is forced to the tenant for tenants, free text search for admins.</summary>
public sealed record OrderFilter(string? User = null, OrderStatus? Status = null, OrderType? Type = null, string? Service = null, bool ExactUser = true);

/// <summary>Server-side paging, sorting and filtering of orders: the database does the work, the grid gets one page.</summary>
public static class OrderGridQuery
{
    public static async Task<GridData<PurchaseOrder>> PageAsync(ServiceUsageDbContext db, OrderFilter filter, int page, int pageSize,
        string? sortBy, bool descending, CancellationToken ct = default)
    {
        var query = db.Orders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
            query = filter.ExactUser ? query.Where(o => o.User == filter.User) : query.Where(o => o.User.Contains(filter.User));
        if (filter.Status is { } status) query = query.Where(o => o.Status == status);
        if (filter.Type is { } type) query = query.Where(o => o.Type == type);
        if (!string.IsNullOrWhiteSpace(filter.Service)) query = query.Where(o => o.ServiceId == filter.Service);

        var total = await query.CountAsync(ct);
        IQueryable<PurchaseOrder> sorted = (sortBy, descending) switch
        {
            (nameof(PurchaseOrder.User), var d) => GridPage.Sort(query, o => o.User, d).ThenBy(o => o.OrderId),
            (nameof(PurchaseOrder.PlanId), var d) => GridPage.Sort(query, o => o.PlanId, d).ThenBy(o => o.OrderId),
            (nameof(PurchaseOrder.ServiceId), var d) => GridPage.Sort(query, o => o.ServiceId, d).ThenBy(o => o.OrderId),
            (nameof(PurchaseOrder.Quantity), var d) => GridPage.Sort(query, o => o.Quantity, d).ThenBy(o => o.OrderId),
            (nameof(PurchaseOrder.BeginTime), false) => query.OrderBy(o => o.BeginTime).ThenBy(o => o.OrderId),
            _ => query.OrderByDescending(o => o.BeginTime).ThenBy(o => o.OrderId),
        };
        return await GridPage.TakeAsync(sorted, total, page, pageSize, ct);
    }

    public static async Task<GridData<PurchaseOrder>> PageAsync(ServiceUsageDbContext db, OrderFilter filter, GridState<PurchaseOrder> state, CancellationToken ct = default)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        return await PageAsync(db, filter, state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? true, ct);
    }
}

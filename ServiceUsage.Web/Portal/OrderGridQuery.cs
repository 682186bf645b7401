using Microsoft.EntityFrameworkCore;
using MudBlazor;
using ServiceUsage.Domain;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Web.Portal;

/// <summary>Filters of the orders grid; User is forced to the tenant for tenants, free text search for admins.</summary>
public sealed record OrderFilter(string? User = null, OrderStatus? Status = null, OrderType? Type = null, string? Service = null, bool ExactUser = true)
{
    /// <summary>Whether the person narrowed the list (an empty result then means "no match", not "no orders").</summary>
    public bool Narrowed(bool adminSearch) => Status is not null || Type is not null || !string.IsNullOrWhiteSpace(Service) || (adminSearch && !string.IsNullOrWhiteSpace(User));
}

/// <summary>One page of orders with what each has been charged (the sum of its rows).</summary>
public sealed record OrderPage(GridData<PurchaseOrder> Grid, IReadOnlyDictionary<string, decimal> Charged);

/// <summary>Server-side paging, sorting and filtering of orders: the database does the work, the grid gets one page.</summary>
public sealed class OrderGridQuery(ServiceUsageDbContext db, OrderQueries orders)
{
    public async Task<OrderPage> PageAsync(OrderFilter filter, int page, int pageSize, string? sortBy, bool descending, CancellationToken ct = default)
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
        var grid = await GridPage.TakeAsync(sorted, total, page, pageSize, ct);
        return new OrderPage(grid, await orders.ChargedAsync(grid.Items.Select(o => o.OrderId).ToList(), ct));
    }

    public Task<OrderPage> PageAsync(OrderFilter filter, GridState<PurchaseOrder> state, CancellationToken ct = default)
    {
        var sort = state.SortDefinitions.FirstOrDefault();
        return PageAsync(filter, state.Page, state.PageSize, sort?.SortBy, sort?.Descending ?? true, ct);
    }
}

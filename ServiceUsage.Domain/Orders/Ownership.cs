using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Orders;

/// <summary>
/// Who sees what (BILLING.md "Who may do what"), in one place for the API, the portal pages and the CSV: a tenant
/// sees only rows whose user is exactly theirs (ordinal here, a binary collation in MySQL); an admin sees every
/// user's. Another tenant's order is "not found", exactly like a missing one.
/// </summary>
public static class Ownership
{
    /// <summary>Whether the caller may ask about <paramref name="user"/>'s data: their own, or anyone's for an admin.</summary>
    public static bool MaySee(this OrderAccess access, string user) =>
        access.Owner is null || string.Equals(access.Owner, user, StringComparison.Ordinal);

    public static IQueryable<PurchaseOrder> VisibleTo(this IQueryable<PurchaseOrder> orders, OrderAccess access) =>
        access.Owner is { } owner ? orders.Where(o => o.User == owner) : orders;

    public static IQueryable<UsageRecord> VisibleTo(this IQueryable<UsageRecord> rows, OrderAccess access) =>
        access.Owner is { } owner ? rows.Where(u => u.User == owner) : rows;

    /// <summary>
    /// The order if the caller may see it, else <see cref="BillingError.NotFound"/>. An id that cannot be an order id
    /// is not found without a query (the column is ASCII: other text must never reach the database).
    /// </summary>
    public static async Task<PurchaseOrder> FindVisibleAsync(
        this IQueryable<PurchaseOrder> orders, string? orderId, OrderAccess access, string field = "orderId", CancellationToken ct = default) =>
        await FindVisibleOrNullAsync(orders, orderId, access, ct) ?? throw NotFound(orderId, field);

    public static async Task<PurchaseOrder?> FindVisibleOrNullAsync(
        this IQueryable<PurchaseOrder> orders, string? orderId, OrderAccess access, CancellationToken ct = default)
    {
        if (!InputRules.IsOrderId(orderId)) return null;
        var order = await orders.VisibleTo(access).SingleOrDefaultAsync(o => o.OrderId == orderId, ct);
        // The database compared exactly too; checking again here keeps the rule true on any collation.
        return order is not null && access.MaySee(order.User) ? order : null;
    }

    public static BillingException NotFound(string? orderId, string field = "orderId") =>
        new(BillingError.NotFound, $"Order '{Shorten(orderId)}' was not found.", field);

    private static string Shorten(string? id) => id is null ? "" : id.Length <= 40 ? id : id[..40] + "…";
}

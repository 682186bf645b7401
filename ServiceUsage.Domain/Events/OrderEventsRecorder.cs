using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Events;

/// <summary>
/// The billing jobs' events, in each batch's transaction (MySQL's bulk writer and SQLite's tracked batch alike): one
/// <c>order.renewed</c> per prepay order the batch renewed, keyed by its new END_TIME (a catch-up that renews an order
/// several months in one batch records one event, with the order as it then is), and one <c>order.expired</c> per order
/// it expired. Postpay usage rows change no order state and record none; nor do a ledger repair's rows (the order is
/// left as it was).
/// </summary>
public sealed class OrderEventsRecorder : IBillingBatchRecorder
{
    public Task RecordAsync(ServiceUsageDbContext db, BillingBatch batch, CancellationToken ct)
    {
        var events = new List<EventRecord>();
        foreach (var charged in batch.Orders)
        {
            var order = charged.Order;
            if (!charged.OrderChanged || order.Type != OrderType.Prepay) continue;
            if (charged.StatusBefore == OrderStatus.Active && order.Status == OrderStatus.Expired)
                events.Add(EventOutbox.Create(EventTypes.OrderExpired, order.User, order.OrderId, OrderResponse.From(order), order.UpdatedAt));
            else if (charged.Rows > 0)
                events.Add(EventOutbox.Create(EventTypes.OrderRenewed, order.User, $"{order.OrderId}/{WireTime.Format(order.EndTime!.Value)}",
                    OrderResponse.From(order), order.UpdatedAt));
        }
        return EventOutbox.InsertAsync(db, events, ct);
    }
}

using System.Globalization;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Statements;

/// <summary>The usage rows of one order in one month with one plan version and quantity, summed by the database.</summary>
public sealed record UsageLineGroup(
    string User, string OrderId, string ServiceId, string PlanId, DateTime VersionBeginTime, int Quantity, decimal UnitPrice,
    decimal Amount, decimal InsideAmount, long Microseconds, int RowCount, DateTime BeginTime, DateTime EndTime);

/// <summary>BILLING.md "Statements" as pure functions: when a month may close, what its lines are, how it is numbered.</summary>
public static class StatementRules
{
    /// <summary>
    /// A month closes no sooner than this after it ends, so that a change that began before the month's end (a held
    /// quote, a purchase in flight at midnight) has committed before the month is read.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    public static string FormatNumber(string prefix, StatementMonth month, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{month.Compact}-{sequence}");

    /// <summary>
    /// Whether the tenant's month may close at <paramref name="now"/>: it has ended (plus <see cref="Grace"/>), every
    /// postpay order is charged to its end (or has ended), and every prepay renewal or expiry due in it is done.
    /// </summary>
    public static bool CanClose(StatementMonth month, IEnumerable<PurchaseOrder> orders, DateTime now) =>
        month.End + Grace <= now && orders.All(o => IsSettled(o, month.End));

    private static bool IsSettled(PurchaseOrder order, DateTime end) =>
        order.Status != OrderStatus.Active
        || (order.Type == OrderType.Postpay ? order.ChargedUntil >= end : order.EndTime >= end);

    /// <summary>
    /// The first month from <paramref name="from"/> on that gets a statement: one in which an order is active (every row
    /// begins while its order is active, or, for the refund of a prepaid order cancelled at a month's first instant, at
    /// its end), or late rows fall due (in the month they were found, or sooner if the tenant has an earlier statement).
    /// </summary>
    public static StatementMonth? NextMonth(StatementCalendar calendar, StatementMonth from, IEnumerable<PurchaseOrder> orders,
        IEnumerable<DateTime> lateRowsFoundAt)
    {
        var starts = orders.Where(o => o.EndTime is null || o.EndTime > from.Begin || EndsWithRefundAt(o, from.Begin)).Select(o => o.BeginTime)
            .Concat(lateRowsFoundAt);
        StatementMonth? next = null;
        foreach (var start in starts)
        {
            var month = calendar.Of(BillingTime.Max(start, from.Begin));
            if (next is null || month.Begin < next.Begin) next = month;
        }
        return next;
    }

    private static bool EndsWithRefundAt(PurchaseOrder order, DateTime t) =>
        order.Type == OrderType.Prepay && order.Status == OrderStatus.Cancelled && order.EndTime == t;

    /// <summary>
    /// Builds the tenant's statement for <paramref name="month"/>: one line per non-usage row beginning in it, one per
    /// usage group, each late row as an adjustment; charged is the sum of the lines, consumed the month's share of every
    /// row that overlaps it (<paramref name="overlapping"/>: the rows not wholly inside it as usage rows, which the
    /// groups already sum).
    /// </summary>
    public static Statement Build(string user, StatementMonth month, string currency, StatementCalendar calendar,
        IEnumerable<UsageLineGroup> usage, IEnumerable<UsageRecord> overlapping, IEnumerable<UsageRecord> late)
    {
        var groups = usage.ToList();
        var edges = overlapping.Where(r => r.Kind != ChargeKind.Usage || r.BeginTime < month.Begin || r.EndTime > month.End).ToList();
        var monthLines = groups.Select(g => UsageLine(g, month.Label))
            .Concat(edges.Where(r => r.Kind != ChargeKind.Usage && month.Contains(r.BeginTime)).Select(r => RowLine(r, month.Label, StatementSection.Month)))
            .ToList();
        var orderStart = monthLines.GroupBy(l => l.OrderId).ToDictionary(g => g.Key, g => g.Min(l => l.BeginTime));
        var lines = monthLines
            .OrderBy(l => orderStart[l.OrderId]).ThenBy(l => l.OrderId, StringComparer.Ordinal).ThenBy(l => l.BeginTime).ThenBy(l => l.Kind)
            .Concat(late.OrderBy(r => r.BeginTime).ThenBy(r => r.OrderId, StringComparer.Ordinal).ThenBy(r => r.Kind)
                .Select(r => RowLine(r, calendar.Of(r.BeginTime).Label, StatementSection.Adjustment)))
            .ToList();
        for (var i = 0; i < lines.Count; i++) lines[i].Position = i + 1;

        var consumed = groups.Sum(g => g.InsideAmount) + edges.Sum(r => Proration.Share(r, month.Begin, month.End));
        return new Statement
        {
            User = user,
            Month = month.Label,
            PeriodBegin = month.Begin,
            PeriodEnd = month.End,
            Currency = currency,
            Charged = lines.Sum(l => l.Amount),
            Consumed = Money.Round(consumed),
            LineCount = lines.Count,
            Lines = lines,
        };
    }

    private static StatementLine UsageLine(UsageLineGroup g, string month) => new()
    {
        Section = StatementSection.Month,
        Month = month,
        OrderId = g.OrderId,
        ServiceId = g.ServiceId,
        PlanId = g.PlanId,
        VersionBeginTime = g.VersionBeginTime,
        UnitPrice = g.UnitPrice,
        Quantity = g.Quantity,
        Kind = ChargeKind.Usage,
        BeginTime = g.BeginTime,
        EndTime = g.EndTime,
        Hours = Hours(g.Microseconds),
        RowCount = g.RowCount,
        Amount = g.Amount,
    };

    private static StatementLine RowLine(UsageRecord r, string month, StatementSection section) => new()
    {
        Section = section,
        Month = month,
        OrderId = r.OrderId,
        ServiceId = r.OrderDetails.ServiceId,
        PlanId = r.OrderDetails.PlanId,
        VersionBeginTime = r.OrderDetails.VersionBeginTime,
        UnitPrice = r.OrderDetails.UnitPrice,
        Quantity = r.OrderDetails.Quantity,
        Kind = r.Kind,
        BeginTime = r.BeginTime,
        EndTime = r.EndTime,
        Hours = r.Kind == ChargeKind.Usage ? Hours((r.EndTime - r.BeginTime).Ticks / BillingTime.TicksPerMicrosecond) : null,
        RowCount = 1,
        Amount = r.Payment,
        UsageId = r.UsageId,
    };

    /// <summary>Hours of a usage line, to 4 places (for reading; the amount is the sum of the rows, not hours × price).</summary>
    public static decimal Hours(long microseconds) =>
        Math.Round(microseconds / (decimal)(BillingTime.TicksPerHour / BillingTime.TicksPerMicrosecond), 4, MidpointRounding.AwayFromZero);
}

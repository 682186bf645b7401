using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Budgets;

/// <summary>Money spread evenly over [Begin, End): a ledger row, or the rows of one (begin, end) summed.</summary>
public readonly record struct SpendSpan(DateTime Begin, DateTime End, decimal Payment);

/// <summary>What the forecast of one tenant's month is computed from (all read before; the engine reads nothing).</summary>
public sealed record ForecastInput
{
    public required StatementMonth Month { get; init; }
    public required DateTime Now { get; init; }

    /// <summary>total(user, month begin, <see cref="ForecastEngine.From"/>): the amount rule's figure, computed by the caller.</summary>
    public required decimal SpendToDate { get; init; }

    /// <summary>The tenant's active orders (others spend nothing after now but what their rows say).</summary>
    public IReadOnlyList<PurchaseOrder> Orders { get; init; } = [];

    /// <summary>Every version of the orders' plans.</summary>
    public IReadOnlyDictionary<string, PlanHistory> Plans { get; init; } = new Dictionary<string, PlanHistory>();

    /// <summary>The tenant's rows other than usage that reach past <see cref="ForecastEngine.From"/> into the month.</summary>
    public IReadOnlyList<SpendSpan> PaidRows { get; init; } = [];

    /// <summary>The tenant's rows overlapping [month begin, from), for the curve and the instants thresholds were crossed; null: not asked.</summary>
    public IReadOnlyList<SpendSpan>? PastRows { get; init; }

    public decimal? Budget { get; init; }
    public IReadOnlyList<int> Thresholds { get; init; } = [];

    /// <summary>Instants (ascending, inside the month) at which the curve is wanted.</summary>
    public IReadOnlyList<DateTime> CurveAt { get; init; } = [];
}

/// <summary>A threshold: reached already (<see cref="CrossedAt"/>), or forecast for an instant of the month, or neither.</summary>
public sealed record ThresholdForecast(int Percent, decimal Amount, DateTime? CrossedAt, DateTime? ForecastAt);

/// <summary>A plan version that begins later in the month.</summary>
public sealed record PriceChange(string PlanId, DateTime BeginTime);

/// <summary>Spend since the month began at an instant; after now, as forecast.</summary>
public sealed record CurvePoint(DateTime Time, decimal Amount, bool Forecast);

public sealed record MonthForecast(
    StatementMonth Month, DateTime Now, decimal SpendToDate, decimal Forecast, decimal? Budget, DateTime? ReachesBudgetAt,
    IReadOnlyList<ThresholdForecast> Thresholds, IReadOnlyList<PriceChange> PriceChanges, IReadOnlyList<CurvePoint> Curve)
{
    /// <summary>Spend to date as a share of the budget (0.5 = 50 %); null without a budget.</summary>
    public decimal? UsedShare => Budget is { } b ? SpendToDate / b : null;

    /// <summary>The highest threshold reached, if any.</summary>
    public ThresholdForecast? LastCrossed => Thresholds.LastOrDefault(t => t.CrossedAt is not null);

    public bool ForecastExceedsBudget => Budget is { } b && Forecast > b;
}

/// <summary>
/// The month-end forecast of BILLING.md "Budgets and forecast": spend to date plus the integral of speed from now to
/// the month's end, assuming no order changes. Priced with the billing engine itself, so it agrees with what the jobs
/// will charge: postpay time in the hour pieces of <see cref="PostpayCharges"/>, each rounded as its row will be, at the
/// version in effect at each instant (scheduled versions included); prepaid rows spread over their periods; auto-renewing
/// orders renewed by <see cref="PrepayCharges.Renew"/> at the version in effect at renewal; a non-renewing order stops at
/// END_TIME. The instants (budget reached, thresholds) are solved exactly on the speed curve, to the second.
/// </summary>
public static class ForecastEngine
{
    /// <summary>Where the past ends in the month: now, or the month's edge when now lies outside it.</summary>
    public static DateTime From(StatementMonth month, DateTime now) =>
        now <= month.Begin ? month.Begin : now >= month.End ? month.End : now;

    public static MonthForecast Compute(ForecastInput input)
    {
        var month = input.Month;
        var from = From(month, input.Now);
        var future = new SpendCurve();
        var past = new SpendCurve();
        var prepaid = 0m;   // exact, as amount spreads rows
        var postpay = 0m;   // the sum of rows each rounded
        var changes = new SortedSet<(DateTime, string)>();

        foreach (var row in input.PaidRows)
        {
            prepaid += Proration.Share(row.Payment, row.Begin, row.End, from, month.End);
            future.AddSpan(row.Begin, row.End, row.Payment, from, month.End);
        }
        foreach (var order in input.Orders.Where(o => o.IsActive))
        {
            if (!input.Plans.TryGetValue(order.PlanId, out var plan)) continue;
            if (order.Type == OrderType.Postpay)
            {
                var start = BillingTime.Max(from, order.BeginTime);
                var stop = BillingTime.Min(order.EndTime ?? month.End, month.End);
                if (stop > start)
                {
                    postpay += PostpayCharges.Cost(plan, order.Quantity, start, stop);
                    future.AddPostpay(plan, order.Quantity, start, stop);
                    Changes(plan, start, stop, changes);
                }
                // Time before now not charged yet is in spend to date as accrued; the past curve shows it too.
                var uncharged = BillingTime.Max(month.Begin, order.ChargedUntil ?? order.BeginTime);
                past.AddPostpay(plan, order.Quantity, uncharged, BillingTime.Min(from, order.EndTime ?? from));
            }
            else if (order.AutoRenew && order.EndTime is not null)
            {
                foreach (var renewal in Renewals(order, plan, month))
                {
                    // A renewal the job has not written yet counts for the time before now too (the month's total will).
                    var before = Proration.Share(renewal, month.Begin, from);
                    prepaid += before + Proration.Share(renewal, from, month.End);
                    future.AddLump(from, before);
                    future.AddSpan(renewal.BeginTime, renewal.EndTime, renewal.Payment, from, month.End);
                }
                Changes(plan, from, month.End, changes);
            }
        }

        var spend = input.SpendToDate;
        var forecast = Money.Round(spend + Money.Round(prepaid) + postpay);
        foreach (var row in input.PastRows ?? []) past.AddSpan(row.Begin, row.End, row.Payment, month.Begin, from);

        // Instants after now start from the exact spend at now where the month's rows were read (spend to date is rounded
        // to 4 places, which at a slow rate would move an instant by seconds).
        var exact = input.PastRows is null ? spend : past.End(month.Begin, from, 0m);
        DateTime? Crossed(decimal amount) => spend < amount ? null
            : input.PastRows is null ? from : past.FirstReach(month.Begin, from, 0m, amount) ?? from;
        DateTime? Forecast(decimal amount) => spend >= amount ? null : future.FirstReach(from, month.End, Math.Min(exact, amount), amount);

        var thresholds = input.Budget is { } budget
            ? input.Thresholds.Select(p => BudgetRules.AmountAt(budget, p))
                .Select((amount, i) => new ThresholdForecast(input.Thresholds[i], amount, Crossed(amount), Forecast(amount))).ToList()
            : [];
        var reaches = input.Budget is { } b ? Crossed(b) ?? Forecast(b) : null;

        var curve = new List<CurvePoint>();
        var pastAt = input.CurveAt.Where(t => t < from).ToList();
        if (input.PastRows is not null)
            curve.AddRange(past.ValuesAt(month.Begin, from, 0m, pastAt).Select((v, i) => new CurvePoint(pastAt[i], Money.Round(v), false)));
        curve.Add(new CurvePoint(from, spend, false));
        var futureAt = input.CurveAt.Where(t => t > from).ToList();
        curve.AddRange(future.ValuesAt(from, month.End, spend, futureAt).Select((v, i) => new CurvePoint(futureAt[i], Money.Round(v), true)));

        return new MonthForecast(month, input.Now, spend, forecast, input.Budget, reaches, thresholds,
            changes.Select(c => new PriceChange(c.Item2, c.Item1)).ToList(), curve);
    }

    /// <summary>
    /// The renewals the job would write from the order's END_TIME up to the month's end, on a copy of the order. For a
    /// month far ahead, the months that end before it are skipped at once (they cost nothing in it).
    /// </summary>
    private static IEnumerable<Usage.UsageRecord> Renewals(PurchaseOrder order, PlanHistory plan, StatementMonth month)
    {
        var until = month.End;
        var copy = new PurchaseOrder
        {
            OrderId = order.OrderId, User = order.User, ServiceId = order.ServiceId, PlanId = order.PlanId, Type = order.Type,
            Quantity = order.Quantity, BeginTime = order.BeginTime, EndTime = order.EndTime, PaidMonths = order.PaidMonths,
            Status = order.Status, AutoRenew = true,
        };
        var before = (month.Begin.Year - order.BeginTime.Year) * 12 + month.Begin.Month - order.BeginTime.Month - 3;
        if (before > copy.PaidMonths)
        {
            copy.PaidMonths = before;
            copy.EndTime = BillingTime.AddMonths(copy.BeginTime, before);
        }
        while (copy.EndTime < until && plan.At(copy.EndTime.Value)?.Details.MonthlyPrice is not null)
            yield return PrepayCharges.Renew(copy, plan);
    }

    /// <summary>Versions of <paramref name="plan"/> scheduled to begin inside (from, to).</summary>
    private static void Changes(PlanHistory plan, DateTime from, DateTime to, SortedSet<(DateTime, string)> into)
    {
        foreach (var version in plan.Versions)
            if (version.BeginTime > from && version.BeginTime < to)
                into.Add((version.BeginTime, plan.PlanId));
    }
}

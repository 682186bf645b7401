using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>A stretch of an order's charged time with no usage rows that the repair left as it was, and why.</summary>
public sealed record UnfilledHole(string OrderId, DateTime Begin, DateTime End, string Reason)
{
    public override string ToString() => $"{OrderId} [{Begin:yyyy-MM-ddTHH:mm:ssZ}, {End:yyyy-MM-ddTHH:mm:ssZ}): {Reason}";
}

/// <summary>What "re-run billing from T" did: holes filled, holes it could not price, and the catch-up that followed.</summary>
public sealed record RepairReport(int OrdersChecked, int RowsAdded, decimal MoneyAdded, IReadOnlyList<UnfilledHole> Unresolved, ChargeResult CatchUp)
{
    public string Summary =>
        $"Checked {OrdersChecked} orders: added {RowsAdded} missing rows ({Money.Format(MoneyAdded)}); the catch-up charged " +
        $"{CatchUp.RowsCharged} rows ({Money.Format(CatchUp.MoneyCharged)})." +
        (Unresolved.Count == 0 ? "" : $" Not filled ({Unresolved.Count}): {string.Join("; ", Unresolved)}");
}

/// <summary>
/// "Re-run billing from T", an engine operation: a postpay order's usage rows must tile [BEGIN_TIME, CHARGED_UNTIL).
/// This finds the holes in that tiling after T (only possible if rows were lost, e.g. a partial restore), charges each
/// with the code that prices every postpay row (<see cref="PostpayCharges.Rows"/>) at the plan and quantity the rows
/// around it name, writes them through the billing batch writer (bounded transactions, recorders), and then runs the
/// postpay catch-up. It only inserts rows the tiling lacks; the (ORDER_ID, KIND, BEGIN_TIME) key refuses any duplicate.
/// </summary>
public sealed class LedgerRepair(
    IDbContextFactory<ServiceUsageDbContext> contexts, ChargingService charging, BillingRunner runner, BillingLock locks)
{
    /// <summary>Orders whose rows one query streams; their holes are all that is held in memory at once.</summary>
    public const int OrdersPerPage = 200;

    /// <summary>
    /// Re-runs billing from <paramref name="from"/> under the postpay job's lock, with a run record of its own
    /// (job <c>ledger-repair</c>, counts = rows added and caught up, report = <see cref="RepairReport.Summary"/>).
    /// A <see cref="BillingError.Conflict"/> while a billing run holds the lock.
    /// </summary>
    public async Task<RepairReport> RerunFromAsync(DateTime from, CancellationToken ct = default)
    {
        RepairReport? report = null;
        var run = await runner.RunAsync(BillingJobs.LedgerRepair, async (run, token) =>
        {
            // Rows it adds to a closed month are late rows: no closing run may read the ledger while they are half
            // written (docs/adr/0009), so the statements job's lock is held too.
            await using var statements = await locks.TryAcquireAsync(BillingJobs.Statements, token)
                ?? throw new BillingException(BillingError.Conflict, "Statements are being closed right now; re-run billing in a minute.");
            report = await RepairAsync(from, run.AsOf, run.Progress, token);
            run.Report = report.Summary;
        }, ct);
        return run is not null ? report! : throw new BillingException(BillingError.Conflict,
            "A postpay billing run is in progress; re-run from this time once it has finished.");
    }

    /// <summary>The repair itself, for a caller that already holds the postpay job's lock.</summary>
    public async Task<RepairReport> RepairAsync(DateTime from, DateTime asOf, IBillingBatchRecorder? progress, CancellationToken ct)
    {
        from = BillingTime.Normalize(from);
        var unresolved = new List<UnfilledHole>();
        var (orders, added, after) = (0, ChargeResult.Empty, "");
        var plans = new Dictionary<string, PlanHistory>();
        await using var db = await contexts.CreateDbContextAsync(ct);
        while (true)
        {
            var page = await db.Orders.AsNoTracking()
                .Where(o => o.Type == OrderType.Postpay && o.ChargedUntil > from && string.Compare(o.OrderId, after) > 0)
                .OrderBy(o => o.OrderId).Take(OrdersPerPage).ToListAsync(ct);
            if (page.Count == 0) break;
            (orders, after) = (orders + page.Count, page[^1].OrderId);
            var work = new List<(PurchaseOrder, IEnumerable<UsageRecord>)>();
            foreach (var hole in await FindHolesAsync(db, page, from, ct))
            {
                var terms = hole.Terms();
                if (terms is null)
                {
                    unresolved.Add(new UnfilledHole(hole.Order.OrderId, hole.Begin, hole.End, "the rows around it do not agree on the plan and quantity of this time"));
                    continue;
                }
                if (!plans.TryGetValue(terms.Value.PlanId, out var plan))
                    plans[terms.Value.PlanId] = plan = new PlanHistory(terms.Value.PlanId,
                        await db.PlanVersions.AsNoTracking().Where(v => v.PlanId == terms.Value.PlanId).ToListAsync(ct));
                work.Add((hole.Order, PostpayCharges.Rows(hole.Order, plan, terms.Value.Quantity, hole.Begin, hole.End, closeOpenSegment: true)));
            }
            added = added.Add(await charging.AddRowsAsync(work, progress, (refused, ex) =>
                unresolved.AddRange(refused.Select(o => new UnfilledHole(o.Order.OrderId, o.From, o.To, ex.Message))), ct));
        }
        var catchUp = await charging.ChargePostpayAsync(asOf, progress, ct);
        return new RepairReport(orders, added.RowsCharged, added.MoneyCharged, unresolved, catchUp);
    }

    /// <summary>Every gap in the page's usage rows between the hour that holds <paramref name="from"/> and CHARGED_UNTIL, streamed in order.</summary>
    private static async Task<List<Hole>> FindHolesAsync(ServiceUsageDbContext db, List<PurchaseOrder> page, DateTime from, CancellationToken ct)
    {
        // Usage rows never cross a whole hour, so none begins before this one and ends after it; the row that ends
        // where it begins is read too, as the witness of a hole right after it.
        var floor = BillingTime.FloorHour(from);
        var ids = page.Select(o => o.OrderId).ToList();
        var rows = db.UsageHistory.AsNoTracking()
            .Where(u => ids.Contains(u.OrderId) && u.Kind == ChargeKind.Usage && u.EndTime >= floor)
            .OrderBy(u => u.OrderId).ThenBy(u => u.BeginTime)
            .Select(u => new { u.OrderId, u.BeginTime, u.EndTime, u.OrderDetails })
            .AsAsyncEnumerable();
        var holes = new List<Hole>();
        var byId = page.ToDictionary(o => o.OrderId, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        PurchaseOrder? order = null;
        var cursor = DateTime.MinValue;
        ChargeSnapshot? before = null;
        await foreach (var row in rows.WithCancellation(ct))
        {
            if (order?.OrderId != row.OrderId)
            {
                Close();
                (order, before) = (byId[row.OrderId], null);
                seen.Add(order.OrderId);
                cursor = BillingTime.Max(floor, order.BeginTime);
            }
            if (row.BeginTime > cursor) holes.Add(new Hole(order, cursor, row.BeginTime, before, row.OrderDetails));
            (cursor, before) = (BillingTime.Max(cursor, row.EndTime), row.OrderDetails);
        }
        Close();
        foreach (var silent in page.Where(o => !seen.Contains(o.OrderId)))
        {
            var begin = BillingTime.Max(floor, silent.BeginTime);
            if (silent.ChargedUntil > begin) holes.Add(new Hole(silent, begin, silent.ChargedUntil.Value, null, null));
        }
        return holes;

        void Close()
        {
            if (order?.ChargedUntil is { } until && until > cursor) holes.Add(new Hole(order, cursor, until, before, null));
        }
    }

    /// <summary>A stretch of [Begin, End) that should have usage rows and has none, with the snapshots of the rows either side.</summary>
    private sealed record Hole(PurchaseOrder Order, DateTime Begin, DateTime End, ChargeSnapshot? Before, ChargeSnapshot? After)
    {
        /// <summary>
        /// The plan and quantity of the hole, when two witnesses agree on them: the rows either side, or for a hole that
        /// reaches CHARGED_UNTIL the row before it and the order itself. A segment ends off the whole hour only where a
        /// cancel or upgrade fell, so a witness across an off-hour edge may have had other terms and does not count
        /// (a cancel keeps the terms: a cancelled order still witnesses its last instant). One witness proves nothing:
        /// a change can also fall exactly on a whole hour.
        /// </summary>
        public (string PlanId, int Quantity)? Terms()
        {
            var witnesses = new List<(string, int)>(2);
            if (Before is not null && IsWholeHour(Begin)) witnesses.Add((Before.PlanId, Before.Quantity));
            if (After is not null)
            {
                if (IsWholeHour(End)) witnesses.Add((After.PlanId, After.Quantity));
            }
            else if (End == Order.ChargedUntil && (IsWholeHour(End) || (Order.Status == OrderStatus.Cancelled && Order.EndTime == End)))
                witnesses.Add((Order.PlanId, Order.Quantity));
            return witnesses.Count == 2 && witnesses[0] == witnesses[1] ? witnesses[0] : null;
        }

        private static bool IsWholeHour(DateTime t) => BillingTime.FloorHour(t) == t;
    }
}

using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Billing;

/// <summary>What one charging pass did (an order charged in several transactions counts once per transaction).</summary>
public sealed record ChargeResult(int OrdersSeen, int RowsCharged, decimal MoneyCharged)
{
    public static readonly ChargeResult Empty = new(0, 0, 0m);

    public ChargeResult Add(ChargeResult other) =>
        new(OrdersSeen + other.OrdersSeen, RowsCharged + other.RowsCharged, MoneyCharged + other.MoneyCharged);
}

/// <summary>
/// What the billing jobs call: charges ended postpay segments and runs due prepay renewals and expiries, in batches,
/// one transaction per batch of at most <see cref="BillingOptions.BatchSize"/> orders and
/// <see cref="BillingOptions.MaxRowsPerTransaction"/> rows (an order further behind is charged over several
/// transactions, each moving it as far as its rows go). Safe to run twice at once: the loser of a race retries its
/// batch and finds nothing left to charge. Every batch also writes what the recorders add, in its transaction.
/// </summary>
public sealed partial class ChargingService(
    IDbContextFactory<ServiceUsageDbContext> contexts, TimeProvider clock, IOptions<BillingOptions> options,
    IEnumerable<IBillingBatchRecorder> recorders, ILogger<ChargingService> logger)
{
    private const int MaxConsecutiveConflicts = 10;
    private readonly ConcurrentDictionary<string, PlanHistory> _plans = new();
    private readonly IReadOnlyList<IBillingBatchRecorder> _recorders = recorders.ToList();

    /// <summary>The rows an order owes, one at a time, each moving the order as far as it goes.</summary>
    private delegate IEnumerable<UsageRecord> DueRows(PurchaseOrder order, PlanHistory plan);

    private BillingOptions Options => options.Value;

    /// <summary>Both passes, as the <c>bill</c> step of a billing vector.</summary>
    public async Task<ChargeResult> BillAsync(DateTime? asOf = null, CancellationToken ct = default)
    {
        var at = asOf ?? BillingTime.Now(clock);
        var postpay = await ChargePostpayAsync(at, ct);
        return postpay.Add(await RunPrepayLifecycleAsync(at, null, ct));
    }

    public Task<ChargeResult> ChargePostpayAsync(DateTime asOf, CancellationToken ct = default) => ChargePostpayAsync(asOf, null, ct);

    /// <summary>
    /// Every ended (end &lt;= asOf), uncharged segment of every active postpay order, oldest first and a tenant's orders
    /// together: a batch then adds to few tenants' daily rollups, and two writers seldom wait for the same tenant's day.
    /// </summary>
    public Task<ChargeResult> ChargePostpayAsync(DateTime asOf, IBillingBatchRecorder? recorder, CancellationToken ct)
    {
        var cutoff = BillingTime.FloorHour(BillingTime.Normalize(asOf));
        return RunBatchesAsync(
            q => q.Where(o => o.Type == OrderType.Postpay && o.Status == OrderStatus.Active && o.ChargedUntil < cutoff)
                  .OrderBy(o => o.ChargedUntil).ThenBy(o => o.User).ThenBy(o => o.OrderId),
            (order, plan) => PostpayCharges.DueRows(order, plan, cutoff),
            recorder, ct);
    }

    /// <summary>Renews auto-renew prepay orders whose END_TIME &lt;= asOf (as often as has fallen due) and expires the rest.</summary>
    public Task<ChargeResult> RunPrepayLifecycleAsync(DateTime asOf, IBillingBatchRecorder? recorder = null, CancellationToken ct = default)
    {
        var at = BillingTime.Normalize(asOf);
        return RunBatchesAsync(
            q => q.Where(o => o.Type == OrderType.Prepay && o.Status == OrderStatus.Active && o.EndTime <= at)
                  .OrderBy(o => o.EndTime).ThenBy(o => o.OrderId),
            (order, plan) => PrepayCharges.DueRows(order, plan, at),
            recorder, ct);
    }

    /// <summary>
    /// Adds rows for orders that otherwise stay as they are (a ledger repair filling holes), in transactions of at most
    /// <see cref="BillingOptions.MaxRowsPerTransaction"/> rows. Each transaction is all or nothing; one refused by the
    /// database (a row already there) is reported through <paramref name="refused"/> and the rest go on.
    /// </summary>
    internal async Task<ChargeResult> AddRowsAsync(
        IEnumerable<(PurchaseOrder Order, IEnumerable<UsageRecord> Rows)> work, IBillingBatchRecorder? recorder,
        Action<IReadOnlyList<ChargedOrder>, BillingException> refused, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var all = recorder is null ? _recorders : [.. _recorders, recorder];
        var total = ChargeResult.Empty;
        var chunk = new List<(ChargedOrder Order, List<UsageRecord> Rows)>();
        var rows = 0;
        foreach (var (order, orderRows) in work)
        {
            foreach (var row in orderRows)
            {
                // One entry per run of adjoining rows: the rows written for it are exactly those over [From, To).
                if (chunk.Count == 0 || chunk[^1].Order.Order != order || chunk[^1].Rows[^1].EndTime != row.BeginTime) chunk.Add((new ChargedOrder(order, order.Status, row.BeginTime, row.EndTime, 0, 0m, OrderChanged: false), []));
                chunk[^1].Rows.Add(row);
                if (++rows == Options.MaxRowsPerTransaction) total = total.Add(await WriteChunkAsync());
            }
        }
        return total.Add(await WriteChunkAsync());

        async Task<ChargeResult> WriteChunkAsync()
        {
            var batch = new BillingBatch(chunk.Select(c => c.Order with
            {
                To = c.Rows[^1].EndTime, Rows = c.Rows.Count, Money = c.Rows.Sum(r => r.Payment), Days = DayTotals.Of(c.Rows),
            }).ToList());
            var lines = chunk.ToList();
            (chunk, rows) = ([], 0);
            if (batch.Orders.Count == 0) return ChargeResult.Empty;
            try
            {
                await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
                {
                    db.ChangeTracker.Clear();
                    await using var write = await LedgerBatch.BeginAsync(db, token);
                    foreach (var row in lines.SelectMany(l => l.Rows)) await write.AddAsync(row, token);
                    await write.CommitAsync(batch, all, token);
                }, ct);
            }
            catch (BillingException ex) when (ex.Error == BillingError.Conflict)
            {
                refused(batch.Orders, ex);
                return ChargeResult.Empty;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            foreach (var r in all) r.Committed(batch);
            return batch.Result;
        }
    }

    private async Task<ChargeResult> RunBatchesAsync(
        Func<IQueryable<PurchaseOrder>, IQueryable<PurchaseOrder>> due, DueRows charge, IBillingBatchRecorder? recorder, CancellationToken ct)
    {
        var all = recorder is null ? _recorders : [.. _recorders, recorder];
        bool sqlite;
        await using (var probe = await contexts.CreateDbContextAsync(ct)) sqlite = probe.Database.IsSqlite();
        var writers = sqlite ? 1 : Math.Max(1, Options.Writers);

        // MySQL: several writers, each with its own context and connection; the locking read skips the orders another
        // writer holds, so they share the due orders without waiting for each other. One failing stops the others.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var runs = Enumerable.Range(0, writers).Select(async _ =>
        {
            try
            {
                return await RunWriterAsync(due, charge, all, stop.Token);
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }).ToList();
        var results = await Task.WhenAll(runs);
        return results.Aggregate(ChargeResult.Empty, (sum, r) => sum.Add(r));
    }

    private async Task<ChargeResult> RunWriterAsync(
        Func<IQueryable<PurchaseOrder>, IQueryable<PurchaseOrder>> due, DueRows charge, IReadOnlyList<IBillingBatchRecorder> all, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var total = ChargeResult.Empty;
        var (take, conflicts) = (Options.BatchSize, 0);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            BillingBatch batch;
            try
            {
                var query = due(db.Orders).Take(take);
                batch = await db.Database.CreateExecutionStrategy().ExecuteAsync(token => ChargeBatchAsync(db, query, charge, all, token), ct);
                conflicts = 0;
            }
            catch (BillingException ex) when (ex.Error == BillingError.Conflict && ++conflicts < MaxConsecutiveConflicts)
            {
                LogBatchConflict(logger, conflicts);
                continue;
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
            if (batch.Orders.Count == 0) return total;
            foreach (var recorder in all) recorder.Committed(batch);
            total = total.Add(batch.Result);
            // Oldest first, so the next orders are at most as far behind as this batch's first: read about as many as
            // the row limit lets one transaction charge, instead of locking orders it will not reach.
            take = Math.Clamp(Options.MaxRowsPerTransaction / Math.Max(1, batch.Orders.Max(o => o.Rows)) + 1, 1, Options.BatchSize);
        }
    }

    /// <summary>One transaction: read (and on MySQL lock) the batch, stream each order's rows until the row limit, write, record, commit.</summary>
    private async Task<BillingBatch> ChargeBatchAsync(
        ServiceUsageDbContext db, IQueryable<PurchaseOrder> query, DueRows charge, IReadOnlyList<IBillingBatchRecorder> all, CancellationToken ct)
    {
        db.ChangeTracker.Clear(); // a retried attempt starts from the database again
        await using var batch = await LedgerBatch.BeginAsync(db, ct);
        var orders = await batch.ReadOrdersAsync(query, ct);
        // Every plan before the first row: once rows stream, the connection is the writer's until the batch commits.
        foreach (var planId in orders.Select(o => o.PlanId).Distinct()) await PlanAsync(db, planId, ct);
        var now = BillingTime.Now(clock);
        var budget = Options.MaxRowsPerTransaction;
        var charged = new List<ChargedOrder>(orders.Count);
        foreach (var order in orders)
        {
            if (budget == 0) break;
            var (statusBefore, rows, money, days) = (order.Status, 0, 0m, new DayTotals());
            DateTime? from = null, to = null;
            foreach (var row in charge(order, await PlanAsync(db, order.PlanId, ct)))
            {
                await batch.AddAsync(row, ct);
                days.Add(row);
                (from, to, rows, money) = (from ?? row.BeginTime, row.EndTime, rows + 1, money + row.Payment);
                if (--budget == 0) break;
            }
            order.Touch(now);
            var at = order.EndTime ?? order.ChargedUntil ?? order.BeginTime; // an expiry writes no row
            charged.Add(new ChargedOrder(order, statusBefore, from ?? at, to ?? at, rows, money) { Days = days.ToList() });
        }
        var result = new BillingBatch(charged);
        await batch.CommitAsync(result, all, ct);
        return result;
    }

    private async Task<PlanHistory> PlanAsync(ServiceUsageDbContext context, string planId, CancellationToken ct)
    {
        if (_plans.TryGetValue(planId, out var plan)) return plan;
        var versions = await context.PlanVersions.AsNoTracking().Where(v => v.PlanId == planId).ToListAsync(ct);
        return _plans.GetOrAdd(planId, new PlanHistory(planId, versions));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A billing batch lost a race with another change ({Attempt} in a row); retrying")]
    private static partial void LogBatchConflict(ILogger logger, int attempt);
}

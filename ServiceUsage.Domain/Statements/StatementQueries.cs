using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Statements;

/// <summary>One statement in a list: a closed one (with its number) or a month computed live (number null, not final).</summary>
public sealed record StatementSummary(string? Number, string User, string Month, decimal Charged, decimal Consumed, string Currency, DateTime? ClosedAt)
{
    public static StatementSummary From(Statement s) => new(s.Number, s.User, s.Month, s.Charged, s.Consumed, s.Currency, s.ClosedAt);
}

/// <summary>
/// Reads statements for the API and the portal: a tenant's closed statements, and the months not closed yet (the month
/// to date, and an ended month the job has not closed) computed live by the same rules, marked not final.
/// </summary>
public sealed class StatementQueries(ServiceUsageDbContext db, StatementLedger ledger, UsageQueries usage, TimeProvider clock, IOptions<BillingOptions> options)
{
    private StatementCalendar Calendar => options.Value.Calendar();

    /// <summary>The tenant's statements from month <paramref name="from"/> to <paramref name="to"/> (inclusive), newest first.</summary>
    public async Task<List<StatementSummary>> ListAsync(string user, StatementMonth? from, StatementMonth? to, CancellationToken ct = default)
    {
        var (begin, end) = (from?.Begin ?? DateTime.MinValue, to?.End ?? DateTime.MaxValue);
        var closed = await db.Statements.AsNoTracking()
            .Where(s => s.User == user && s.PeriodBegin >= begin && s.PeriodBegin < end)
            .OrderByDescending(s => s.PeriodBegin)
            .Select(s => new StatementSummary(s.Number, s.User, s.Month, s.Charged, s.Consumed, s.Currency, s.ClosedAt))
            .ToListAsync(ct);
        var live = (await OpenMonthsAsync(user, ct))
            .Where(s => s.PeriodBegin >= begin && s.PeriodBegin < end)
            .OrderByDescending(s => s.PeriodBegin)
            .Select(StatementSummary.From);
        return live.Concat(closed).ToList();
    }

    /// <summary>A closed statement with its lines, or null. <paramref name="owner"/> (a tenant) sees only their own.</summary>
    public async Task<Statement?> GetAsync(string number, string? owner, CancellationToken ct = default)
    {
        var statement = await db.Statements.AsNoTracking().Include(s => s.Lines)
            .SingleOrDefaultAsync(s => s.Number == number, ct);
        if (statement is null || (owner is not null && statement.User != owner)) return null;
        statement.Lines = statement.Lines.OrderBy(l => l.Position).ToList();
        return statement;
    }

    /// <summary>A month not closed yet, computed live (not final); null when the month is closed or has not begun.</summary>
    public async Task<Statement?> LiveAsync(string user, StatementMonth month, CancellationToken ct = default) =>
        (await OpenMonthsAsync(user, ct)).SingleOrDefault(s => s.Month == month.Label)
        ?? (month.Begin <= BillingTime.Now(clock) && !await IsClosedAsync(user, month, ct) ? await BuildLiveAsync(user, month, [], ct) : null);

    /// <summary>The month containing now.</summary>
    public StatementMonth CurrentMonth() => Calendar.Of(BillingTime.Now(clock));

    private Task<bool> IsClosedAsync(string user, StatementMonth month, CancellationToken ct) =>
        db.Statements.AnyAsync(s => s.User == user && s.PeriodEnd > month.Begin, ct);

    /// <summary>Every month from the one after the latest statement to the current one that gets a statement.</summary>
    private async Task<List<Statement>> OpenMonthsAsync(string user, CancellationToken ct)
    {
        var now = BillingTime.Now(clock);
        var current = Calendar.Of(now);
        var lastEnd = await db.Statements.AsNoTracking().Where(s => s.User == user).MaxAsync(s => (DateTime?)s.PeriodEnd, ct);
        var firstOrder = await db.Orders.AsNoTracking().Where(o => o.User == user).MinAsync(o => (DateTime?)o.BeginTime, ct);
        if (lastEnd is null && firstOrder is null) return [];
        var month = Calendar.Of(lastEnd ?? firstOrder!.Value);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => o.User == user && (o.Status == OrderStatus.Active || o.EndTime == null || o.EndTime >= month.Begin)).ToListAsync(ct);
        var late = await LateRowsAsync(user, lastEnd, ct);

        var months = new List<Statement>();
        while (month.Begin <= current.Begin)
        {
            var foundAt = months.Count == 0 && late.Count > 0 ? [now] : Array.Empty<DateTime>();
            var next = StatementRules.NextMonth(Calendar, month, orders, foundAt);
            if (next is null || next.Begin > current.Begin) break;
            months.Add(await BuildLiveAsync(user, next, months.Count == 0 ? late : [], ct));
            month = Calendar.Next(next);
        }
        return months;
    }

    /// <summary>Rows in closed months not on any statement yet: found by a closing run, or arrived since the last one.</summary>
    private async Task<List<UsageRecord>> LateRowsAsync(string user, DateTime? closedThrough, CancellationToken ct)
    {
        if (closedThrough is null) return [];
        var pending = (await ledger.PendingLateRowsAsync([user], ct)).Select(p => p.Row).ToList();
        var scanned = await db.StatementState.AsNoTracking().Select(s => s.ScannedThrough).SingleAsync(ct);
        var unscanned = await db.UsageHistory.AsNoTracking()
            .Where(u => u.User == user && u.UsageId > scanned && u.BeginTime < closedThrough).ToListAsync(ct);
        return pending.Concat(unscanned).ToList();
    }

    private async Task<Statement> BuildLiveAsync(string user, StatementMonth month, IEnumerable<UsageRecord> late, CancellationToken ct)
    {
        var groups = await ledger.UsageGroupsAsync([user], month, long.MaxValue, ct);
        var rows = await ledger.OverlappingRowsAsync([user], month, long.MaxValue, ct);
        var statement = StatementRules.Build(user, month, options.Value.Currency, Calendar, groups, rows, late);
        // Live, consumed includes postpay time accrued and not charged yet (total), as amount does.
        statement.Consumed = (await usage.AmountAsync(user, null, month.Begin, month.End, ct)).Total;
        return statement;
    }
}

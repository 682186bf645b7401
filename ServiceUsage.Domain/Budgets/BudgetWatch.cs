using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Time;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Budgets;

/// <summary>What one watch pass did.</summary>
public sealed record BudgetWatchResult(int Tenants, int Recorded, int AlreadyRecorded);

/// <summary>The figures a budget event carries (BILLING.md "Events": the budget figures).</summary>
public sealed record BudgetEventData(
    string User, string Month, int Percent, decimal Budget, decimal Amount, decimal SpendToDate, decimal Forecast,
    DateTime? CrossedAt, DateTime? ReachesBudgetAt, string Currency);

/// <summary>
/// The budget watch: for every tenant with a budget, the current statement month's forecast; each threshold spend to
/// date has reached records one <c>budget.threshold-crossed</c> event, a forecast beyond the budget one
/// <c>budget.forecast-exceeded</c>, once per (user, month, threshold). The event and its <see cref="BudgetAlert"/>
/// marker are saved in one transaction; the marker's key makes a second host's insert of the same alert fail, and only
/// that failure (the marker is then found) is taken as "recorded already". Budgets are read a page at a time.
/// </summary>
public sealed partial class BudgetWatch(
    IDbContextFactory<ServiceUsageDbContext> contexts, TimeProvider clock, IOptions<BillingOptions> billing, ILogger<BudgetWatch> logger)
{
    public const int PageSize = 200;

    public async Task<BudgetWatchResult> RunAsync(CancellationToken ct = default)
    {
        var (tenants, recorded, already) = (0, 0, 0);
        string? after = null;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var page = await db.Budgets.AsNoTracking()
                .Where(b => after == null || string.Compare(b.User, after) > 0)
                .OrderBy(b => b.User).Take(PageSize).Select(b => b.User).ToListAsync(ct);
            foreach (var user in page)
            {
                tenants++;
                var forecasts = new ForecastQuery(db, new UsageQueries(db, clock), clock, billing);
                var forecast = await forecasts.GetAsync(user, ct: ct);
                foreach (var (alert, type) in await DueAsync(db, user, forecast, ct))
                    if (await RecordAsync(alert, type, Data(user, alert, forecast), ct)) recorded++;
                    else already++;
            }
            if (page.Count < PageSize) break;
            after = page[^1];
        }
        if (recorded > 0) LogRecorded(logger, recorded, tenants);
        return new BudgetWatchResult(tenants, recorded, already);
    }

    /// <summary>The alerts the forecast calls for that no marker records yet.</summary>
    private async Task<List<(BudgetAlert Alert, string Type)>> DueAsync(ServiceUsageDbContext db, string user, MonthForecast forecast, CancellationToken ct)
    {
        if (forecast.Budget is not { } budget) return [];
        var month = forecast.Month.Label;
        var marked = (await db.BudgetAlerts.AsNoTracking().Where(a => a.User == user && a.Month == month)
            .Select(a => new { a.Kind, a.Percent }).ToListAsync(ct)).Select(a => (a.Kind, a.Percent)).ToHashSet();
        var now = BillingTime.Now(clock);
        var due = new List<(BudgetAlert, string)>();
        foreach (var threshold in forecast.Thresholds.Where(t => t.CrossedAt is not null))
            if (!marked.Contains((BudgetAlertKind.ThresholdCrossed, threshold.Percent)))
                due.Add((Alert(user, month, BudgetAlertKind.ThresholdCrossed, threshold.Percent, budget, forecast.SpendToDate, now), EventTypes.BudgetThresholdCrossed));
        if (forecast.ForecastExceedsBudget && !marked.Contains((BudgetAlertKind.ForecastExceeded, 100)))
            due.Add((Alert(user, month, BudgetAlertKind.ForecastExceeded, 100, budget, forecast.Forecast, now), EventTypes.BudgetForecastExceeded));
        return due;
    }

    /// <summary>Saves the marker and the event together; false when another run recorded this alert first.</summary>
    internal async Task<bool> RecordAsync(BudgetAlert alert, string type, BudgetEventData data, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        db.BudgetAlerts.Add(alert);
        EventOutbox.Add(db, type, alert.User, IdKey(alert), data, type == EventTypes.BudgetThresholdCrossed ? data.CrossedAt ?? alert.RecordedAt : alert.RecordedAt);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException ex) when (IsDuplicateKey(ex))
        {
            // Only the marker's own key counts as "recorded already"; any other refusal is a failure.
            if (await MarkedAsync(alert, ct)) return false;
            throw;
        }
    }

    /// <summary>The occurrence an event id is derived from: user, month and threshold (the month and percent end it, so it reads back unambiguously).</summary>
    public static string IdKey(BudgetAlert alert) => $"{alert.User}\n{alert.Month}\n{alert.Percent}";

    private async Task<bool> MarkedAsync(BudgetAlert alert, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.BudgetAlerts.AnyAsync(a => a.User == alert.User && a.Month == alert.Month && a.Kind == alert.Kind && a.Percent == alert.Percent, ct);
    }

    private static bool IsDuplicateKey(DbUpdateException ex) =>
        ex.InnerException is MySqlException { ErrorCode: MySqlErrorCode.DuplicateKeyEntry }
            or SqliteException { SqliteErrorCode: 19 };

    private static BudgetAlert Alert(string user, string month, BudgetAlertKind kind, int percent, decimal budget, decimal amount, DateTime now) => new()
    {
        User = user, Month = month, Kind = kind, Percent = percent, Budget = budget, Amount = amount, RecordedAt = now,
    };

    private BudgetEventData Data(string user, BudgetAlert alert, MonthForecast f)
    {
        var threshold = f.Thresholds.FirstOrDefault(t => t.Percent == alert.Percent);
        var amount = alert.Kind == BudgetAlertKind.ThresholdCrossed && threshold is not null ? threshold.Amount : f.Budget!.Value;
        return new BudgetEventData(user, alert.Month, alert.Percent, f.Budget!.Value, amount, f.SpendToDate, f.Forecast,
            alert.Kind == BudgetAlertKind.ThresholdCrossed ? threshold?.CrossedAt : null, f.ReachesBudgetAt, billing.Value.Currency);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Budget watch recorded {Recorded} alerts for {Tenants} tenants with a budget.")]
    private static partial void LogRecorded(ILogger logger, int recorded, int tenants);
}

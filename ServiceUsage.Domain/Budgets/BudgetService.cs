using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Budgets;

/// <summary>A tenant's budget: read, set (by the tenant or an admin, who is checked by the caller) and removed.</summary>
public sealed class BudgetService(ServiceUsageDbContext db, TimeProvider clock)
{
    public Task<Budget?> GetAsync(string user, CancellationToken ct = default) =>
        db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.User == user, ct);

    /// <summary>Creates or replaces the budget; the last writer wins. True when it was created.</summary>
    public async Task<(Budget Budget, bool Created)> SetAsync(string user, decimal amount, IReadOnlyCollection<int>? thresholds, string by, CancellationToken ct = default)
    {
        InputRules.User(user);
        var (checkedAmount, checkedThresholds) = BudgetRules.Check(amount, thresholds);
        for (var attempt = 1; ; attempt++)
        {
            var budget = await db.Budgets.SingleOrDefaultAsync(b => b.User == user, ct);
            var created = budget is null;
            budget ??= db.Budgets.Add(new Budget { User = user, UpdatedBy = by }).Entity;
            budget.Amount = checkedAmount;
            budget.Thresholds = checkedThresholds;
            budget.UpdatedAt = BillingTime.Now(clock);
            budget.UpdatedBy = by;
            try
            {
                await db.SaveChangesAsync(ct);
                return (budget, created);
            }
            catch (DbUpdateException) when (created && attempt == 1)
            {
                // Another request created it first: replace that one.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>False when there was none.</summary>
    public async Task<bool> DeleteAsync(string user, CancellationToken ct = default) =>
        await db.Budgets.Where(b => b.User == user).ExecuteDeleteAsync(ct) > 0;
}

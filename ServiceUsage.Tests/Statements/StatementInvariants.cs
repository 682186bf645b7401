using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Statements;

/// <summary>
/// What statements promise about the ledger: every row of a tenant is named by exactly one closed statement (its
/// month's, if it existed when that closed; else the adjustments of a later one), unless its month is not closed yet;
/// a statement's charged is the sum of its lines and of the rows it names; its stored hash holds.
/// </summary>
public static class StatementInvariants
{
    public static async Task AssertAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var rows = await db.UsageHistory.AsNoTracking().ToListAsync();
        var statements = await db.Statements.AsNoTracking().Include(s => s.Lines).ToListAsync();
        var byUser = statements.ToLookup(s => s.User);
        foreach (var s in statements)
        {
            Assert.True(StatementHash.Verify(s), $"{s.Number}: the stored hash does not match");
            Assert.Equal(s.Charged, s.Lines.Sum(l => l.Amount));
            Assert.Equal(s.LineCount, s.Lines.Count);
        }
        foreach (var row in rows)
        {
            var naming = byUser[row.User].Where(s =>
                (row.BeginTime >= s.PeriodBegin && row.BeginTime < s.PeriodEnd && row.UsageId <= s.LastUsageId
                    && !s.Lines.Any(l => l.UsageId == row.UsageId && l.Section == StatementSection.Adjustment))
                || s.Lines.Any(l => l.UsageId == row.UsageId && l.Section == StatementSection.Adjustment)).ToList();
            var closedThrough = byUser[row.User].Select(s => s.PeriodEnd).DefaultIfEmpty(DateTime.MinValue).Max();
            if (row.BeginTime < closedThrough)
                Assert.True(naming.Count == 1, $"row {row.UsageId} ({row.User}, {row.Kind} at {row.BeginTime:O}) is on {naming.Count} statements");
            else
                Assert.Empty(naming);
        }
        foreach (var s in statements)
        {
            var named = rows.Where(r => r.User == s.User && r.BeginTime >= s.PeriodBegin && r.BeginTime < s.PeriodEnd && r.UsageId <= s.LastUsageId)
                .Sum(r => r.Payment) + s.Lines.Where(l => l.Section == StatementSection.Adjustment).Sum(l => l.Amount);
            Assert.True(named == s.Charged, $"{s.Number}: lines {s.Charged}, rows named {named}");
            foreach (var line in s.Lines.Where(l => l.UsageId is not null))
                Assert.Equal(rows.Single(r => r.UsageId == line.UsageId).Payment, line.Amount);
        }
    }
}

using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Budgets;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class BudgetConfiguration : IEntityTypeConfiguration<Budget>
{
    public void Configure(EntityTypeBuilder<Budget> budget)
    {
        budget.ToTable("SU_BUDGET");
        budget.HasKey(b => b.User);
        budget.Property(b => b.User).HasMaxLength(120).ComparesExactly();
        budget.Property(b => b.UpdatedBy).HasMaxLength(120);
        // "50,80,100": a short list read and written whole.
        budget.Property(b => b.Thresholds).HasMaxLength(100).IsUnicode(false).HasConversion(
            v => string.Join(",", v.Select(p => p.ToString(CultureInfo.InvariantCulture))),
            v => v.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray(),
            new ValueComparer<int[]>((a, b) => a!.SequenceEqual(b!), v => v.Aggregate(17, (h, p) => h * 31 + p), v => v.ToArray()));
    }
}

internal sealed class BudgetAlertConfiguration : IEntityTypeConfiguration<BudgetAlert>
{
    public void Configure(EntityTypeBuilder<BudgetAlert> alert)
    {
        alert.ToTable("SU_BUDGET_ALERT");
        // Once per (user, month, kind, threshold), whatever hosts run the watch: the key refuses a second insert.
        alert.HasKey(a => new { a.User, a.Month, a.Kind, a.Percent });
        alert.Property(a => a.User).HasMaxLength(120).ComparesExactly();
        alert.Property(a => a.Month).HasMaxLength(7).IsUnicode(false);
        alert.Property(a => a.Kind).HasMaxLength(20).IsUnicode(false).HasConversion(WireEnum.Converter<BudgetAlertKind>());
        alert.HasIndex(a => new { a.Month, a.Percent });
    }
}

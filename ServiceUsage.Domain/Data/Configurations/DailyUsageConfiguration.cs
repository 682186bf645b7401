using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class DailyUsageConfiguration : IEntityTypeConfiguration<DailyUsage>
{
    public void Configure(EntityTypeBuilder<DailyUsage> daily)
    {
        daily.ToTable("DF_USAGE_DAILY");
        daily.HasKey(d => new { d.OrderId, d.Day });
        daily.Property(d => d.OrderId).HasColumnName("ORDER_ID").HasMaxLength(PurchaseOrder.IdLength).IsUnicode(false);
        daily.Property(d => d.User).HasColumnName("USER").HasMaxLength(120).ComparesExactly();
        daily.Property(d => d.Day).HasColumnName("DAY");
        daily.Property(d => d.Payment).HasColumnName("PAYMENT");
        daily.Property(d => d.Rows).HasColumnName("USAGE_ROWS");
        // A user's days across orders (series split by order or service); covering.
        daily.HasIndex(d => new { d.User, d.Day, d.OrderId, d.Payment }).HasDatabaseName("IX_USAGE_DAILY_USER_DAY");
    }
}

internal sealed class DailyUserUsageConfiguration : IEntityTypeConfiguration<DailyUserUsage>
{
    public void Configure(EntityTypeBuilder<DailyUserUsage> daily)
    {
        daily.ToTable("DF_USAGE_DAILY_USER");
        daily.HasKey(d => new { d.User, d.Day });
        daily.Property(d => d.User).HasColumnName("USER").HasMaxLength(120).ComparesExactly();
        daily.Property(d => d.Day).HasColumnName("DAY");
        daily.Property(d => d.Payment).HasColumnName("PAYMENT");
        daily.Property(d => d.Rows).HasColumnName("USAGE_ROWS");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Usage;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class UsageRecordConfiguration : IEntityTypeConfiguration<UsageRecord>
{
    public void Configure(EntityTypeBuilder<UsageRecord> usage)
    {
        usage.ToTable("DF_USAGE_HISTORY");
        usage.HasKey(u => u.UsageId);
        usage.Property(u => u.UsageId).HasColumnName("USAGE_ID");
        usage.Property(u => u.OrderId).HasColumnName("ORDER_ID").HasMaxLength(PurchaseOrder.IdLength).IsUnicode(false);
        usage.Property(u => u.User).HasColumnName("USER").HasMaxLength(120).ComparesExactly();
        usage.Property(u => u.Kind).HasColumnName("KIND").HasMaxLength(20).HasConversion(WireEnum.Converter<ChargeKind>());
        usage.Property(u => u.BeginTime).HasColumnName("BEGIN_TIME");
        usage.Property(u => u.EndTime).HasColumnName("END_TIME");
        usage.Property(u => u.Payment).HasColumnName("PAYMENT");
        usage.Property(u => u.OrderDetails).HasColumnName("ORDER_DETAILS").HasJsonConversion();

        // The database itself refuses to charge the same thing twice.
        usage.HasIndex(u => new { u.OrderId, u.Kind, u.BeginTime }).IsUnique().HasDatabaseName("UX_USAGE_CHARGE");
        // "charges of a user in a time range" (amount, usage pages); covering so SUM reads the index only.
        usage.HasIndex(u => new { u.User, u.BeginTime, u.EndTime, u.Payment }).HasDatabaseName("IX_USAGE_USER_TIME");
        // Rows an edge of a window cuts: usage rows are at most an hour long, other kinds are few per user.
        usage.HasIndex(u => new { u.User, u.Kind, u.BeginTime, u.EndTime, u.Payment }).HasDatabaseName("IX_USAGE_USER_KIND_TIME");
        usage.HasOne<PurchaseOrder>().WithMany().HasForeignKey(u => u.OrderId).OnDelete(DeleteBehavior.Restrict);
    }
}

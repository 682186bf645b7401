using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class PurchaseOrderConfiguration : IEntityTypeConfiguration<PurchaseOrder>
{
    public void Configure(EntityTypeBuilder<PurchaseOrder> order)
    {
        order.ToTable("DF_PURCHASE_ORDER");
        order.HasKey(o => o.OrderId);
        order.Property(o => o.OrderId).HasColumnName("ORDER_ID").HasMaxLength(PurchaseOrder.IdLength).IsUnicode(false);
        order.Property(o => o.Type).HasColumnName("TYPE").HasMaxLength(16).HasConversion(WireEnum.Converter<OrderType>());
        order.Property(o => o.User).HasColumnName("USER").HasMaxLength(120).ComparesExactly();
        order.Property(o => o.ServiceId).HasColumnName("SERVICE_ID").HasMaxLength(64).ComparesExactly();
        order.Property(o => o.Quantity).HasColumnName("SERVICE_QUANTITIES");
        order.Property(o => o.PlanId).HasColumnName("PLAN_ID").HasMaxLength(64).ComparesExactly();
        order.Property(o => o.BeginTime).HasColumnName("BEGIN_TIME");
        order.Property(o => o.EndTime).HasColumnName("END_TIME");
        order.Property(o => o.Status).HasColumnName("STATUS").HasMaxLength(16).HasConversion(WireEnum.Converter<OrderStatus>());
        order.Property(o => o.AutoRenew).HasColumnName("AUTO_RENEW");
        order.Property(o => o.PaidMonths).HasColumnName("PAID_MONTHS");
        order.Property(o => o.ChargedUntil).HasColumnName("CHARGED_UNTIL");
        order.Property(o => o.RowVersion).HasColumnName("ROW_VERSION").IsConcurrencyToken();
        order.Property(o => o.CreatedAt).HasColumnName("CREATED_AT");
        order.Property(o => o.UpdatedAt).HasColumnName("UPDATED_AT");
        order.Ignore(o => o.IsActive);
        order.Ignore(o => o.ETag);

        // "active postpay orders not charged yet": the billing job's batch query, in its order (a tenant's orders together).
        order.HasIndex(o => new { o.Type, o.Status, o.ChargedUntil, o.User, o.OrderId }).HasDatabaseName("IX_ORDER_CHARGING");
        // Prepay renewals and expiries that fall due.
        order.HasIndex(o => new { o.Type, o.Status, o.EndTime }).HasDatabaseName("IX_ORDER_DUE");
        order.HasIndex(o => new { o.User, o.Status }).HasDatabaseName("IX_ORDER_USER");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class WebhookEndpointConfiguration : IEntityTypeConfiguration<WebhookEndpoint>
{
    public void Configure(EntityTypeBuilder<WebhookEndpoint> endpoint)
    {
        endpoint.ToTable("SU_WEBHOOK_ENDPOINT");
        endpoint.Property(e => e.Owner!).HasMaxLength(120).ComparesExactly();
        endpoint.Property(e => e.CreatedBy).HasMaxLength(120).ComparesExactly();
        endpoint.Property(e => e.Url).HasMaxLength(WebhookTargets.MaxUrlLength);
        endpoint.Property(e => e.EventTypes).HasMaxLength(500).IsUnicode(false);
        endpoint.Property(e => e.ProtectedSecret).HasMaxLength(1000).IsUnicode(false);
        endpoint.Property(e => e.DisabledReason).HasMaxLength(500);
        endpoint.Property(e => e.LeaseOwner).HasMaxLength(100);
        endpoint.Ignore(e => e.Types);
        endpoint.HasIndex(e => e.Owner);
        endpoint.HasMany<WebhookDelivery>().WithOne().HasForeignKey(d => d.EndpointId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("SU_WEBHOOK_DELIVERY");
        delivery.Property(d => d.EventId).HasMaxLength(64).IsUnicode(false).ComparesExactly();
        delivery.Property(d => d.EventType).HasMaxLength(64).IsUnicode(false);
        delivery.Property(d => d.Status).HasMaxLength(16).HasConversion(WireEnum.Converter<WebhookDeliveryStatus>());
        // One delivery per event and endpoint: a fan-out that runs twice creates nothing twice.
        delivery.HasIndex(d => new { d.EndpointId, d.EventId }).IsUnique();
        // An endpoint's queue in order; the oldest undelivered event (metrics).
        delivery.HasIndex(d => new { d.EndpointId, d.Status, d.Sequence });
        delivery.HasIndex(d => new { d.Status, d.EventAt });
        delivery.HasMany(d => d.AttemptLog).WithOne().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WebhookAttemptConfiguration : IEntityTypeConfiguration<WebhookAttempt>
{
    public void Configure(EntityTypeBuilder<WebhookAttempt> attempt)
    {
        attempt.ToTable("SU_WEBHOOK_ATTEMPT");
        attempt.Property(a => a.Outcome).HasMaxLength(16).HasConversion(WireEnum.Converter<WebhookAttemptOutcome>());
        attempt.Property(a => a.Error).HasMaxLength(300);
    }
}

using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Auth;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Orders;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> token)
    {
        token.ToTable("SU_API_TOKEN");
        token.Property(t => t.User).HasMaxLength(120).ComparesExactly();
        token.Property(t => t.Name).HasMaxLength(100);
        token.Property(t => t.Role).HasMaxLength(16);
        token.Property(t => t.TokenHash).HasMaxLength(64).IsUnicode(false);
        token.Property(t => t.Prefix).HasMaxLength(12).IsUnicode(false);
        token.HasIndex(t => t.TokenHash).IsUnique();
        token.HasIndex(t => t.User);
    }
}

internal sealed class BillingRunConfiguration : IEntityTypeConfiguration<BillingRun>
{
    public void Configure(EntityTypeBuilder<BillingRun> run)
    {
        run.ToTable("SU_BILLING_RUN");
        run.Property(r => r.Job).HasMaxLength(64);
        run.Property(r => r.Host).HasMaxLength(160);
        run.Property(r => r.Outcome).HasMaxLength(16).HasConversion(WireEnum.Converter<BillingRunOutcome>());
        run.Property(r => r.Error).HasMaxLength(2000);
        run.Property(r => r.Report).HasMaxLength(2000);
        run.HasIndex(r => new { r.Job, r.StartedAt });
        // "runs of this lock still running": what the next run marks abandoned.
        run.HasIndex(r => new { r.Outcome, r.Job });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("SU_IDEMPOTENCY");
        record.HasKey(r => new { r.User, r.Key });
        record.Property(r => r.User).HasMaxLength(120).ComparesExactly();
        record.Property(r => r.Key).HasMaxLength(100).ComparesExactly();
        record.Property(r => r.RequestHash).HasMaxLength(64).IsUnicode(false);
        record.Property(r => r.Location).HasMaxLength(300);
        record.Property(r => r.ETag).HasMaxLength(100);
        record.HasIndex(r => r.CreatedAt);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> key) => key.ToTable("SU_DATA_PROTECTION_KEY");
}

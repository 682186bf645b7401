using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Plans;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class PlanVersionConfiguration : IEntityTypeConfiguration<PlanVersion>
{
    public void Configure(EntityTypeBuilder<PlanVersion> plan)
    {
        plan.ToTable("DF_PLAN_DETAILS");
        plan.HasKey(p => p.Id);
        plan.Property(p => p.Id).HasColumnName("ID");
        plan.Property(p => p.PlanId).HasColumnName("PLAN_ID").HasMaxLength(64).ComparesExactly();
        plan.Property(p => p.BeginTime).HasColumnName("BEGIN_TIME");
        plan.Property(p => p.Name).HasColumnName("NAME").HasMaxLength(200);
        plan.Property(p => p.Details).HasColumnName("DETAILS").HasJsonConversion();
        plan.Ignore(p => p.ServiceId);
        plan.HasIndex(p => new { p.PlanId, p.BeginTime }).IsUnique().HasDatabaseName("UX_PLAN_VERSION");
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Statements;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class StatementConfiguration : IEntityTypeConfiguration<Statement>
{
    public void Configure(EntityTypeBuilder<Statement> statement)
    {
        statement.ToTable("SU_STATEMENT");
        statement.HasKey(s => s.Sequence);
        statement.Property(s => s.Sequence).ValueGeneratedNever();
        statement.Property(s => s.Number).HasMaxLength(40).IsUnicode(false).IsRequired();
        statement.Property(s => s.User).HasMaxLength(120).ComparesExactly();
        statement.Property(s => s.Month).HasMaxLength(7).IsUnicode(false);
        statement.Property(s => s.Currency).HasMaxLength(3).IsUnicode(false);
        statement.Property(s => s.ContentHash).HasMaxLength(64).IsUnicode(false);
        statement.Property(s => s.ClosedAt).IsRequired();
        statement.Ignore(s => s.IsFinal);
        statement.Ignore(s => s.MonthLines);
        statement.Ignore(s => s.Adjustments);
        statement.HasIndex(s => s.Number).IsUnique();
        // One statement per tenant and month, whatever runs close it.
        statement.HasIndex(s => new { s.User, s.Month }).IsUnique();
        // "Has this tenant's month closed?": the late-row scan and the next month to close.
        statement.HasIndex(s => new { s.User, s.PeriodEnd });
        statement.HasMany(s => s.Lines).WithOne().HasForeignKey(l => l.StatementSequence).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class StatementLineConfiguration : IEntityTypeConfiguration<StatementLine>
{
    public void Configure(EntityTypeBuilder<StatementLine> line)
    {
        line.ToTable("SU_STATEMENT_LINE");
        line.Property(l => l.Section).HasMaxLength(16).HasConversion(WireEnum.Converter<StatementSection>());
        line.Property(l => l.Month).HasMaxLength(7).IsUnicode(false);
        line.Property(l => l.OrderId).HasMaxLength(PurchaseOrder.IdLength).IsUnicode(false);
        line.Property(l => l.ServiceId).HasMaxLength(64).ComparesExactly();
        line.Property(l => l.PlanId).HasMaxLength(64).ComparesExactly();
        line.Property(l => l.Kind).HasMaxLength(20).HasConversion(WireEnum.Converter<ChargeKind>());
        line.HasKey(l => new { l.StatementSequence, l.Position });
        // A ledger row is on at most one line of all statements: a late row is never billed twice.
        line.HasIndex(l => l.UsageId).IsUnique();
    }
}

internal sealed class StatementStateConfiguration : IEntityTypeConfiguration<StatementState>
{
    public void Configure(EntityTypeBuilder<StatementState> state)
    {
        state.ToTable("SU_STATEMENT_STATE");
        state.Property(s => s.Id).ValueGeneratedNever();
        state.HasData(new StatementState { Id = StatementState.SingletonId, NextSequence = 1, ScannedThrough = 0 });
    }
}

internal sealed class LateRowConfiguration : IEntityTypeConfiguration<LateRow>
{
    public void Configure(EntityTypeBuilder<LateRow> late)
    {
        late.ToTable("SU_STATEMENT_LATE_ROW");
        late.HasKey(l => l.UsageId);
        late.Property(l => l.UsageId).ValueGeneratedNever();
        late.Property(l => l.User).HasMaxLength(120).ComparesExactly();
        late.HasIndex(l => l.User);
    }
}

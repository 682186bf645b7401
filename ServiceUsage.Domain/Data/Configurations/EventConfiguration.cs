using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ServiceUsage.Domain.Events;

namespace ServiceUsage.Domain.Data.Configurations;

internal sealed class EventConfiguration : IEntityTypeConfiguration<EventRecord>
{
    public void Configure(EntityTypeBuilder<EventRecord> e)
    {
        e.ToTable("SU_EVENT");
        e.HasKey(x => x.Key);
        e.Property(x => x.Key).HasColumnName("EVENT_KEY").ValueGeneratedOnAdd();
        e.Property(x => x.Id).HasColumnName("ID").HasMaxLength(EventOutbox.IdLength).IsUnicode(false).IsRequired();
        e.Property(x => x.Sequence).HasColumnName("SEQUENCE");
        e.Property(x => x.Type).HasColumnName("TYPE").HasMaxLength(EventTypes.MaxLength).IsUnicode(false);
        e.Property(x => x.Time).HasColumnName("TIME");
        e.Property(x => x.User).HasColumnName("USER").HasMaxLength(120).ComparesExactly();
        e.Property(x => x.Data).HasColumnName("DATA").HasAnnotation(JsonColumn.Annotation, true);
        // The same occurrence written twice (a retried job, a replayed request) collides here instead of duplicating.
        e.HasIndex(x => x.Id).IsUnique().HasDatabaseName("UX_EVENT_ID");
        // The feed reads by sequence; NULL (not numbered yet) may repeat.
        e.HasIndex(x => x.Sequence).IsUnique().HasDatabaseName("UX_EVENT_SEQUENCE");
        // A tenant's feed.
        e.HasIndex(x => new { x.User, x.Sequence }).HasDatabaseName("IX_EVENT_USER");
    }
}

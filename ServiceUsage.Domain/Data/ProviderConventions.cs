using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ServiceUsage.Domain.Billing;

namespace ServiceUsage.Domain.Data;

/// <summary>Column conventions that differ between MySQL/MariaDB and the embedded SQLite database.</summary>
internal static class ProviderConventions
{
    /// <summary>Money scaled by 10^4: SQLite has no decimal and EF will not SUM a decimal there; an integer keeps SUM in SQL and exact.</summary>
    private static readonly ValueConverter<decimal, long> MoneyAsScaledInteger = new(
        v => (long)Math.Round(v * 10_000m, MidpointRounding.AwayFromZero),
        v => v / 10_000m);

    /// <summary>UTC ticks: integer comparisons on SQLite, and the UTC kind survives the round trip.</summary>
    private static readonly ValueConverter<DateTime, long> UtcTicks = new(
        v => v.Ticks,
        v => new DateTime(v, DateTimeKind.Utc));

    /// <summary>MySQL DATETIME(6) carries no zone; every stored time is UTC, so say so on read.</summary>
    private static readonly ValueConverter<DateTime, DateTime> UtcKind = new(
        v => v,
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    public static void Apply(ModelBuilder builder, bool sqlite)
    {
        // MySQL: whole-Unicode text everywhere; generated ids (ORDER_ID, hashes) and identities compare byte for byte.
        if (!sqlite) builder.HasCharSet("utf8mb4", DelegationModes.ApplyToAll);
        foreach (var entity in builder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
                if (!sqlite && type == typeof(string) && property.IsUnicode() == false)
                {
                    property.SetCharSet("ascii");
                    property.SetCollation("ascii_bin");
                }
                else if (property.FindAnnotation(ExactText.Annotation) is not null)
                {
                    // Only the collation stays in the model: SQLite's model (and its migrations) do not change.
                    property.RemoveAnnotation(ExactText.Annotation);
                    if (!sqlite) property.SetCollation(ExactText.MySqlCollation);
                }
                else if (!sqlite && property.FindAnnotation(JsonColumn.Annotation) is not null)
                {
                    property.SetColumnType("json");
                }
                else if (type == typeof(decimal))
                {
                    if (sqlite) property.SetValueConverter(MoneyAsScaledInteger);
                    else property.SetColumnType($"decimal(20,{Money.Scale})");
                }
                else if (type == typeof(DateTime))
                {
                    if (sqlite) property.SetValueConverter(UtcTicks);
                    else
                    {
                        property.SetValueConverter(UtcKind);
                        property.SetColumnType("datetime(6)");
                    }
                }
            }
        }
    }
}

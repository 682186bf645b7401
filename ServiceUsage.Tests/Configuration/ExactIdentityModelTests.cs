using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Tests.Configuration;

/// <summary>
/// Every identity column of the MySQL model compares byte for byte, including tables added later: a new table whose
/// user or id column forgets <c>ComparesExactly()</c> (or <c>IsUnicode(false)</c>) fails here, not in production.
/// </summary>
public sealed class ExactIdentityModelTests
{
    private static readonly string[] IdentityNames = ["User", "UserName", "PlanId", "ServiceId", "OrderId", "Key", "Prefix"];
    private static readonly string[] ExactCollations = ["utf8mb4_bin", "ascii_bin"];

    [Fact]
    public void Every_user_and_id_column_has_a_binary_collation_on_mysql()
    {
        var settings = new DatabaseSettings(DatabaseProvider.MySql, "Server=127.0.0.1;Database=unused", false, null);
        using var db = new ServiceUsageDbContext(
            (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options);

        var identities = db.GetService<IDesignTimeModel>().Model.GetEntityTypes()
            .Where(e => !e.ClrType.Namespace!.StartsWith("Microsoft.", StringComparison.Ordinal))
            .SelectMany(e => e.GetProperties().Select(p => (Entity: e, Property: p)))
            .Where(x => x.Property.ClrType == typeof(string) && IdentityNames.Contains(x.Property.Name))
            .ToList();

        Assert.True(identities.Count >= 10, $"only {identities.Count} identity columns found: the name list is stale");
        var loose = identities
            .Where(x => !ExactCollations.Contains(x.Property.GetCollation()))
            .Select(x => $"{x.Entity.GetTableName()}.{x.Property.GetColumnName()} ({x.Property.GetCollation() ?? "server default"})")
            .ToList();
        Assert.True(loose.Count == 0, "Compare these exactly (ComparesExactly() in their configuration): " + string.Join(", ", loose));
    }
}

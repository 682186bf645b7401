using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using MySqlConnector;
using ServiceUsage.Domain.Data;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Configuration;

/// <summary>The ExactIdentities migration on a database that already holds data: rows kept, identities compared byte for byte.</summary>
public sealed class ExactIdentityMigrationTests
{
    private const string Before = "20261201084313_DataProtectionKeys";

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new MySqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Existing_rows_are_kept_and_compare_exactly_after_the_migration()
    {
        var name = "su_mig_" + Guid.NewGuid().ToString("N")[..12];
        var settings = new DatabaseSettings(DatabaseProvider.MySql,
            new MySqlConnectionStringBuilder(MariaDbTestDatabase.ServerConnectionString) { Database = name }.ConnectionString, false, "10.11.0-mariadb");
        var options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options;
        try
        {
            await using (var db = new ServiceUsageDbContext(options))
            {
                await db.GetService<IMigrator>().MigrateAsync(Before);
                await ExecuteAsync(settings.ConnectionString, """
                    INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS) VALUES ('S', '2026-01-01', 'S', '{"serviceId":"mysql","monthlyPrice":30,"onSale":true}');
                    INSERT INTO DF_PURCHASE_ORDER (ORDER_ID, TYPE, USER, SERVICE_ID, SERVICE_QUANTITIES, PLAN_ID, BEGIN_TIME, END_TIME, STATUS,
                        AUTO_RENEW, PAID_MONTHS, CHARGED_UNTIL, ROW_VERSION, CREATED_AT, UPDATED_AT)
                    VALUES ('abcdefghijklmnopqrstuvwxyz012345', 'prepay', 'alice', 'mysql', 1, 'S', '2026-01-01', '2026-02-01', 'active', 0, 1, NULL, 0, '2026-01-01', '2026-01-01');
                    INSERT INTO SU_IDEMPOTENCY (`User`, `Key`, RequestHash, StatusCode, Location, ResponseBody, CreatedAt)
                    VALUES ('alice', 'key-1', 'hash', 201, NULL, '{}', '2026-01-01');
                    INSERT INTO SU_API_TOKEN (`User`, Name, Role, TokenHash, Prefix, CreatedAt) VALUES ('alice', 't', 'tenant', 'h1', 'su_abc', '2026-01-01');
                    """);
                // Before: the default collation confuses look-alikes (the finding this migration fixes).
                Assert.Equal(1, await db.Database.SqlQueryRaw<int>("SELECT COUNT(*) AS `Value` FROM DF_PURCHASE_ORDER WHERE USER = 'ÁLICE '").SingleAsync());
            }

            await using (var db = new ServiceUsageDbContext(options))
            {
                await db.Database.MigrateAsync();
                Assert.Equal(1, await db.Orders.CountAsync(o => o.User == "alice" && o.PlanId == "S" && o.ServiceId == "mysql"));
                // A trailing space still matches: MySQL's _bin collations pad. InputRules refuses such names at every door.
                Assert.Equal(1, await db.Orders.CountAsync(o => o.User == "alice "));
                foreach (var lookAlike in new[] { "ALICE", "Alice", "álice" })
                {
                    Assert.Equal(0, await db.Orders.CountAsync(o => o.User == lookAlike));
                    Assert.Equal(0, await db.IdempotencyRecords.CountAsync(r => r.User == lookAlike && r.Key == "key-1"));
                    Assert.Equal(0, await db.ApiTokens.CountAsync(t => t.User == lookAlike));
                }
                Assert.Equal(0, await db.IdempotencyRecords.CountAsync(r => r.User == "alice" && r.Key == "KEY-1"));
                Assert.Equal(0, await db.Orders.CountAsync(o => o.PlanId == "s"));
                Assert.Equal(1, await db.IdempotencyRecords.CountAsync(r => r.User == "alice" && r.Key == "key-1"));
                Assert.Equal(1, await db.ApiTokens.CountAsync(t => t.User == "alice"));

                var collations = await db.Database.SqlQueryRaw<string>("""
                    SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, '=', COLLATION_NAME) AS `Value` FROM information_schema.COLUMNS
                    WHERE TABLE_SCHEMA = DATABASE() AND COLUMN_NAME IN ('USER', 'User', 'Key', 'PLAN_ID', 'SERVICE_ID')
                    """).ToListAsync();
                Assert.Equal(8, collations.Count);
                Assert.All(collations, c => Assert.EndsWith("=utf8mb4_bin", c));
            }
        }
        finally
        {
            await using var connection = new MySqlConnection(MariaDbTestDatabase.ServerConnectionString);
            await connection.OpenAsync();
            await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{name}`", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

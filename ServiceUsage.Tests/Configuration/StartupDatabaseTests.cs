using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MySqlConnector;
using ServiceUsage.Domain.Data;
using ServiceUsage.Tests.Infrastructure;

namespace ServiceUsage.Tests.Configuration;

/// <summary>The host brings MariaDB's schema up to date at start-up, or refuses to start when told not to upgrade.</summary>
public sealed class StartupDatabaseTests
{
    [Fact]
    public async Task On_an_empty_mariadb_database_start_up_applies_every_migration()
    {
        var name = "su_start_" + Guid.NewGuid().ToString("N")[..12];
        var cs = new MySqlConnectionStringBuilder(MariaDbTestDatabase.ServerConnectionString) { Database = name }.ConnectionString;
        try
        {
            await using var factory = Host(cs, dontUpgrade: false);
            using var client = factory.CreateClient();
            await using var scope = factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ServiceUsageDbContext>();
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(0, await db.Orders.CountAsync());
        }
        finally
        {
            await DropAsync(name);
        }
    }

    [Fact]
    public async Task With_dont_upgrade_tables_an_outdated_schema_stops_start_up_with_a_clear_message()
    {
        var name = "su_start_" + Guid.NewGuid().ToString("N")[..12];
        var cs = new MySqlConnectionStringBuilder(MariaDbTestDatabase.ServerConnectionString) { Database = name }.ConnectionString;
        try
        {
            await using (var create = new MySqlConnection(MariaDbTestDatabase.ServerConnectionString))
            {
                await create.OpenAsync();
                await new MySqlCommand($"CREATE DATABASE `{name}`", create).ExecuteNonQueryAsync();
            }
            await using var factory = Host(cs, dontUpgrade: true);
            var ex = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
            Assert.Contains("MYSQL_CONFIG_DONT_UPGRADE_TABLES", ex.ToString());
        }
        finally
        {
            await DropAsync(name);
        }
    }

    private static ServiceUsageWebFactory Host(string connectionString, bool dontUpgrade)
    {
        var factory = new ServiceUsageWebFactory(new ExternalTestDatabase(connectionString));
        factory.Settings["MYSQL_CONFIG_DONT_UPGRADE_TABLES"] = dontUpgrade ? "true" : "false";
        return factory;
    }

    private static async Task DropAsync(string name)
    {
        await using var connection = new MySqlConnection(MariaDbTestDatabase.ServerConnectionString);
        await connection.OpenAsync();
        await new MySqlCommand($"DROP DATABASE IF EXISTS `{name}`", connection).ExecuteNonQueryAsync();
    }
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Tests.Configuration;

/// <summary>Each provider's committed migrations describe the model, and an embedded file from before SQLite migrations upgrades.</summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData(DatabaseProvider.MySql, "Server=127.0.0.1;Database=unused", "dotnet ef migrations add <Name> -o Data/Migrations")]
    [InlineData(DatabaseProvider.Sqlite, "Data Source=unused.db",
        "dotnet ef migrations add <Name> -o Data/Migrations/Sqlite --namespace ServiceUsage.Domain.Data.Migrations.Sqlite -- --provider Sqlite")]
    public void The_committed_migrations_are_current_with_the_model(DatabaseProvider provider, string connection, string command)
    {
        using var db = Context(new DatabaseSettings(provider, connection, false, null));

        Assert.False(db.Database.HasPendingModelChanges(), $"The model changed without a {provider} migration: cd ServiceUsage.Domain && {command}");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    [Fact]
    public void Each_provider_sees_only_its_own_migrations()
    {
        using var mysql = Context(new DatabaseSettings(DatabaseProvider.MySql, "Server=127.0.0.1;Database=unused", false, null));
        using var sqlite = Context(new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=unused.db", false, null));

        var mysqlIds = mysql.Database.GetMigrations().ToList();
        var sqliteIds = sqlite.Database.GetMigrations().ToList();
        Assert.Empty(mysqlIds.Intersect(sqliteIds));
        Assert.All(sqliteIds, id => Assert.Equal(
            ProviderMigrationsAssembly.SqliteNamespace, sqlite.GetService<IMigrationsAssembly>().Migrations[id].Namespace));
        Assert.All(mysqlIds, id => Assert.Equal(
            ProviderMigrationsAssembly.MySqlNamespace, mysql.GetService<IMigrationsAssembly>().Migrations[id].Namespace));
    }

    [Fact]
    public async Task A_file_created_before_sqlite_migrations_is_baselined_and_upgraded_keeping_its_data()
    {
        var path = Path.Combine(Path.GetTempPath(), $"su-baseline-{Guid.NewGuid():N}.db");
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False", false, null);
        try
        {
            // What EnsureCreated made before this change: the first migration's schema, no history table.
            await using (var old = Context(settings))
            {
                var first = old.Database.GetMigrations().First();
                await old.GetService<IMigrator>().MigrateAsync(first);
                await old.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
                await old.Database.ExecuteSqlAsync(
                    $"INSERT INTO DF_PLAN_DETAILS (PLAN_ID, BEGIN_TIME, NAME, DETAILS) VALUES ('kept', 0, 'Kept', {"{\"serviceId\":\"mysql\"}"})");
            }

            await using (var db = Context(settings))
            {
                await new DatabaseInitializer(db, settings, NullLogger<DatabaseInitializer>.Instance).InitializeAsync();

                Assert.Empty(await db.Database.GetPendingMigrationsAsync());
                Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
                Assert.Equal("Kept", (await db.PlanVersions.SingleAsync(p => p.PlanId == "kept")).Name);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_file_missing_a_baseline_table_is_refused_with_what_to_do()
    {
        var path = Path.Combine(Path.GetTempPath(), $"su-ancient-{Guid.NewGuid():N}.db");
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False", false, null);
        try
        {
            await using var db = Context(settings);
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"__EFMigrationsHistory\"");
            await db.Database.ExecuteSqlRawAsync("DROP TABLE SU_DATA_PROTECTION_KEY");

            var error = await Assert.ThrowsAsync<InvalidOperationException>(
                () => new DatabaseInitializer(db, settings, NullLogger<DatabaseInitializer>.Instance).InitializeAsync());
            Assert.Contains("SU_DATA_PROTECTION_KEY", error.Message);
            Assert.Contains("Database__DataDirectory", error.Message);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(path);
        }
    }

    private static ServiceUsageDbContext Context(DatabaseSettings settings) =>
        new((DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options);
}

using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Logging;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// Brings the schema up to date at start-up with the provider's own migrations (ADR 0005): MySQL's unless
/// MYSQL_CONFIG_DONT_UPGRADE_TABLES forbids it, SQLite's always (the embedded file belongs to this host).
/// </summary>
public sealed partial class DatabaseInitializer(ServiceUsageDbContext db, DatabaseSettings settings, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(settings.ConnectionString);
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (folder is not null && builder.Mode != SqliteOpenMode.Memory) Directory.CreateDirectory(folder);
            await BaselineEnsureCreatedFileAsync(builder.DataSource, ct);
            await MigrateAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            LogReady(logger, "SQLite", builder.DataSource);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0 && settings.DontUpgradeTables)
            throw new InvalidOperationException(
                $"The MySQL schema is not current ({pending.Count} migration(s) pending: {string.Join(", ", pending)}) " +
                "and MYSQL_CONFIG_DONT_UPGRADE_TABLES forbids upgrading it. Apply the migrations, or unset that variable.");
        await MigrateAsync(ct);
        LogReady(logger, "MySQL", db.Database.GetDbConnection().Database);
    }

    private async Task MigrateAsync(CancellationToken ct)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).Count();
        if (pending == 0) return;
        LogMigrating(logger, pending);
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>
    /// Files made before SQLite had migrations were created from the model (EnsureCreated) and have no history
    /// table. Their schema is the first SQLite migration's, so record that one as applied and let the later ones
    /// run. A file older still (missing one of those tables) cannot be upgraded: say what to do.
    /// </summary>
    private async Task BaselineEnsureCreatedFileAsync(string dataSource, CancellationToken ct)
    {
        var tables = await db.Database
            .SqlQueryRaw<string>("SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table'")
            .ToListAsync(ct);
        if (tables.Count == 0 || tables.Contains(HistoryTable)) return;

        var baseline = db.Database.GetMigrations().First();
        var expected = BaselineTables();
        var missing = expected.Where(t => !tables.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException(
                $"The embedded database '{dataSource}' was created by an older version and lacks {string.Join(", ", missing)}; " +
                "it cannot be upgraded. Move its folder (Database__DataDirectory) aside and start again.");
        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        var version = typeof(DbContext).Assembly.GetName().Version?.ToString(3) ?? "9.0";
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, version)), ct);
        LogBaselined(logger, dataSource, baseline);
    }

    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>The tables the first SQLite migration creates (read from it, so this never goes stale).</summary>
    private IReadOnlyList<string> BaselineTables()
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var first = migrations.Migrations.First();
        var migration = migrations.CreateMigration(first.Value, db.Database.ProviderName!);
        return migration.UpOperations.OfType<Microsoft.EntityFrameworkCore.Migrations.Operations.CreateTableOperation>()
            .Select(o => o.Name).ToList();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s)")]
    private static partial void LogMigrating(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger database ready ({Provider}: {Database})")]
    private static partial void LogReady(ILogger logger, string provider, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The embedded database {DataSource} predates SQLite migrations; recorded {Migration} as applied")]
    private static partial void LogBaselined(ILogger logger, string dataSource, string migration);
}

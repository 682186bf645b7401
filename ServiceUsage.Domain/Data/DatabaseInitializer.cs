using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ServiceUsage.Domain.Data;

/// <summary>Brings the schema up to date at start-up: migrations on MySQL (unless told not to), EnsureCreated on SQLite.</summary>
public sealed partial class DatabaseInitializer(ServiceUsageDbContext db, DatabaseSettings settings, ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken ct = default)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            var builder = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(settings.ConnectionString);
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (folder is not null && builder.Mode != Microsoft.Data.Sqlite.SqliteOpenMode.Memory) Directory.CreateDirectory(folder);
            // The embedded database has no migrations: the model is the schema.
            await db.Database.EnsureCreatedAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            LogReady(logger, "SQLite", builder.DataSource);
            return;
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0 && settings.DontUpgradeTables)
            throw new InvalidOperationException(
                $"The MySQL schema is not current ({pending.Count} migration(s) pending: {string.Join(", ", pending)}) " +
                "and MYSQL_CONFIG_DONT_UPGRADE_TABLES forbids upgrading it. Apply the migrations, or unset that variable.");
        if (pending.Count > 0)
        {
            LogMigrating(logger, pending.Count);
            await db.Database.MigrateAsync(ct);
        }
        LogReady(logger, "MySQL", db.Database.GetDbConnection().Database);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying {Count} database migration(s)")]
    private static partial void LogMigrating(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ledger database ready ({Provider}: {Database})")]
    private static partial void LogReady(ILogger logger, string provider, string database);
}

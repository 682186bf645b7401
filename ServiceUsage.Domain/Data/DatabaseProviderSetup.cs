using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ServiceUsage.Domain.Data;

public static class DatabaseProviderSetup
{
    /// <summary>SQL valid for MySQL 8 and MariaDB 10.11 alike, without asking a server at start-up.</summary>
    public static readonly ServerVersion DefaultMySqlVersion = new MySqlServerVersion(new Version(8, 0, 36));

    public static DbContextOptionsBuilder UseServiceUsageDatabase(this DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        // Each provider sees only its own migration set (ADR 0005).
        options.ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
        if (settings.Provider == DatabaseProvider.Sqlite)
            return options.UseSqlite(settings.ConnectionString);

        var version = settings.ServerVersion is { Length: > 0 } v ? ServerVersion.Parse(v) : DefaultMySqlVersion;
        return options
            .UseMySql(settings.ConnectionString, version, mysql => mysql
                .MigrationsAssembly(typeof(ServiceUsageDbContext).Assembly.FullName)
                .ExecutionStrategy(d => new RetryOutsideRequestsStrategy(d, 3))
                .CommandTimeout(120))
            .AddInterceptors(new LockingReadInterceptor(), new RequestConnectTimeoutInterceptor());
    }
}

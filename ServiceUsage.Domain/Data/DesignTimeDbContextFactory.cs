using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// For <c>dotnet ef migrations add</c>, no live server needed. MySQL by default; <c>-- --provider Sqlite</c> gives the
/// embedded database's model (see docs/adr/0005 for both commands).
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ServiceUsageDbContext>
{
    public ServiceUsageDbContext CreateDbContext(string[] args)
    {
        var sqlite = args.SkipWhile(a => a != "--provider").Skip(1).FirstOrDefault() is { } p
                     && p.Equals(nameof(DatabaseProvider.Sqlite), StringComparison.OrdinalIgnoreCase);
        var settings = sqlite
            ? new DatabaseSettings(DatabaseProvider.Sqlite, "Data Source=design-time.db", false, null)
            : new DatabaseSettings(DatabaseProvider.MySql, "Server=localhost;Database=serviceusage", false, null);
        var options = new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options;
        return new ServiceUsageDbContext((DbContextOptions<ServiceUsageDbContext>)options);
    }
}

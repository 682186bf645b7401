using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ServiceUsage.Domain.Data;

/// <summary>For <c>dotnet ef migrations add</c>: the MySQL model, no live server needed.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ServiceUsageDbContext>
{
    public ServiceUsageDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ServiceUsageDbContext>()
            .UseMySql("Server=localhost;Database=serviceusage", DatabaseProviderSetup.DefaultMySqlVersion)
            .Options;
        return new ServiceUsageDbContext(options);
    }
}

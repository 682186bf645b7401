using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Tests.Configuration;

/// <summary>The committed MySQL migrations describe the model: a model change without a migration fails here.</summary>
public sealed class MigrationTests
{
    [Fact]
    public void The_mysql_migrations_are_current_with_the_model()
    {
        var settings = new DatabaseSettings(DatabaseProvider.MySql, "Server=127.0.0.1;Database=unused", false, null);
        var options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(settings).Options;
        using var db = new ServiceUsageDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed without a migration: cd ServiceUsage.Domain && dotnet ef migrations add <Name> -o Data/Migrations");
        Assert.NotEmpty(db.Database.GetMigrations());
    }
}

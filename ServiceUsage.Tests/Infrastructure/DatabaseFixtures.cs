using ServiceUsage.Domain.Data;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>One private database per test class; the tests of a class run one after another.</summary>
public abstract class DatabaseFixture(DatabaseProvider provider) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;


    public async Task InitializeAsync() => Database = await TestDatabase.CreateAsync(provider);

    public async Task DisposeAsync()
    {
        // Null only when InitializeAsync failed; that failure is already reported on every test of the class.
        if (Database is not null) await Database.DisposeAsync();
    }
}

public sealed class SqliteDatabaseFixture() : DatabaseFixture(DatabaseProvider.Sqlite);

public sealed class MariaDbDatabaseFixture() : DatabaseFixture(DatabaseProvider.MySql);

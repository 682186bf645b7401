using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MySqlConnector;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Tests.Infrastructure;

/// <summary>A private, empty ledger database for one test class: SQLite in memory, or a fresh database on the test MariaDB.</summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public abstract DatabaseSettings Settings { get; }

    public DbContextOptions<ServiceUsageDbContext> Options { get; protected set; } = null!;

    public ServiceUsageDbContext NewContext() => new(Options);

    /// <summary>Contexts as the host's <see cref="IDbContextFactory{TContext}"/> gives them.</summary>
    public IDbContextFactory<ServiceUsageDbContext> Contexts => new OptionsContextFactory(Options);

    /// <summary>Empties the ledger, event and webhook tables (children first) and restarts statement numbering.</summary>
    public async Task ResetAsync()
    {
        await using var db = NewContext();
        await db.WebhookAttempts.ExecuteDeleteAsync();
        await db.WebhookDeliveries.ExecuteDeleteAsync();
        await db.WebhookEndpoints.ExecuteDeleteAsync();
        await db.Events.ExecuteDeleteAsync();
        await db.StatementLines.ExecuteDeleteAsync();
        await db.Statements.ExecuteDeleteAsync();
        await db.LateRows.ExecuteDeleteAsync();
        await db.StatementState.ExecuteUpdateAsync(s => s.SetProperty(x => x.NextSequence, 1L).SetProperty(x => x.ScannedThrough, 0L));
        await db.DailyUsage.ExecuteDeleteAsync();
        await db.DailyUserUsage.ExecuteDeleteAsync();
        await db.UsageHistory.ExecuteDeleteAsync();
        await db.Orders.ExecuteDeleteAsync();
        await db.PlanVersions.ExecuteDeleteAsync();
        await db.BillingRuns.ExecuteDeleteAsync();
        await db.IdempotencyRecords.ExecuteDeleteAsync();
        await db.ApiTokens.ExecuteDeleteAsync();
        await db.Budgets.ExecuteDeleteAsync();
        await db.BudgetAlerts.ExecuteDeleteAsync();
    }

    public abstract ValueTask DisposeAsync();

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider) =>
        provider == DatabaseProvider.Sqlite ? await SqliteTestDatabase.CreateAsync() : await MariaDbTestDatabase.CreateAsync();
}

public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly SqliteConnection _keepAlive;
    private readonly DatabaseSettings _settings;

    private SqliteTestDatabase(string name)
    {
        var connectionString = $"Data Source={name};Mode=Memory;Cache=Shared";
        _settings = new DatabaseSettings(DatabaseProvider.Sqlite, connectionString, false, null);
        _keepAlive = new SqliteConnection(connectionString);
        Options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(_settings).Options;
    }

    public override DatabaseSettings Settings => _settings;

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var db = new SqliteTestDatabase("test-" + Guid.NewGuid().ToString("N"));
        await db._keepAlive.OpenAsync();
        await using var context = db.NewContext();
        await context.Database.MigrateAsync();
        return db;
    }

    public override async ValueTask DisposeAsync() => await _keepAlive.DisposeAsync();
}

/// <summary>
/// A new database on the MariaDB that test.sh starts. SERVICEUSAGE_TEST_MYSQL holds a connection string to that
/// server for a user allowed to create databases; without it the test fails (it never silently passes).
/// </summary>
public sealed class MariaDbTestDatabase : TestDatabase
{
    public const string Variable = "SERVICEUSAGE_TEST_MYSQL";
    private readonly string _serverConnection;
    private readonly string _name;
    private readonly DatabaseSettings _settings;

    private MariaDbTestDatabase(string serverConnection, string name)
    {
        _serverConnection = serverConnection;
        _name = name;
        var builder = new MySqlConnectionStringBuilder(serverConnection) { Database = name };
        _settings = new DatabaseSettings(DatabaseProvider.MySql, builder.ConnectionString, false, "10.11.0-mariadb");
        Options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(_settings).Options;
    }

    public override DatabaseSettings Settings => _settings;

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests through ./test.sh, which starts MariaDB.");

    public static async Task<MariaDbTestDatabase> CreateAsync()
    {
        var db = new MariaDbTestDatabase(ServerConnectionString, "su_test_" + Guid.NewGuid().ToString("N")[..16]);
        await using var context = db.NewContext();
        await context.Database.MigrateAsync();
        return db;
    }

    public override async ValueTask DisposeAsync()
    {
        await using var connection = new MySqlConnection(_serverConnection);
        await connection.OpenAsync();
        await using var drop = new MySqlCommand($"DROP DATABASE IF EXISTS `{_name}`", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>A MariaDB database a test manages itself (the host under test, not the test, migrates it).</summary>
public sealed class ExternalTestDatabase : TestDatabase
{
    public ExternalTestDatabase(string connectionString)
    {
        Settings = new(DatabaseProvider.MySql, connectionString, false, "10.11.0-mariadb");
        Options = (DbContextOptions<ServiceUsageDbContext>)new DbContextOptionsBuilder<ServiceUsageDbContext>().UseServiceUsageDatabase(Settings).Options;
    }

    public override DatabaseSettings Settings { get; }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class OptionsContextFactory(DbContextOptions<ServiceUsageDbContext> options) : IDbContextFactory<ServiceUsageDbContext>
{
    public ServiceUsageDbContext CreateDbContext() => new(options);
}

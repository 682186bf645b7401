using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using ServiceUsage.Domain.Auth;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Orders;
using ServiceUsage.Domain.Plans;
using ServiceUsage.Domain.Statements;
using ServiceUsage.Domain.Usage;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Domain.Data;

/// <summary>
/// The billing tables of BILLING.md plus the portal's sign-in tables (Identity shares the
/// database so one migration set and one connection serve the whole host) and the Data Protection key ring
/// (so every replica, and the next container, can read the sign-in cookies the others issued).
/// </summary>
public class ServiceUsageDbContext(DbContextOptions<ServiceUsageDbContext> options)
    : IdentityDbContext<IdentityUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<PlanVersion> PlanVersions => Set<PlanVersion>();
    public DbSet<PurchaseOrder> Orders => Set<PurchaseOrder>();
    public DbSet<UsageRecord> UsageHistory => Set<UsageRecord>();
    public DbSet<DailyUsage> DailyUsage => Set<DailyUsage>();
    public DbSet<DailyUserUsage> DailyUserUsage => Set<DailyUserUsage>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<BillingRun> BillingRuns => Set<BillingRun>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<Statement> Statements => Set<Statement>();
    public DbSet<StatementLine> StatementLines => Set<StatementLine>();
    public DbSet<StatementState> StatementState => Set<StatementState>();
    public DbSet<LateRow> LateRows => Set<LateRow>();
    public DbSet<WebhookEndpoint> WebhookEndpoints => Set<WebhookEndpoint>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> WebhookAttempts => Set<WebhookAttempt>();
    public DbSet<EventRecord> Events => Set<EventRecord>();
    public DbSet<Budgets.Budget> Budgets => Set<Budgets.Budget>();
    public DbSet<Budgets.BudgetAlert> BudgetAlerts => Set<Budgets.BudgetAlert>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ServiceUsageDbContext).Assembly);
        ProviderConventions.Apply(builder, Database.IsSqlite());
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        ClosedStatements.RefuseChanges(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        ClosedStatements.RefuseChanges(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }
}

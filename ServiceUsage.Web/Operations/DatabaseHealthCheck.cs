using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ServiceUsage.Domain.Data;

namespace ServiceUsage.Web.Operations;

/// <summary>Ready only when the ledger database answers and its schema is current.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<ServiceUsageDbContext> contexts, DatabaseSettings settings) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var data = new Dictionary<string, object> { ["provider"] = settings.Provider.ToString() };
        try
        {
            // The driver may not give up when told (a server that accepts and never replies): stop waiting for it instead.
            return await CheckAsync(data, ct).WaitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.", ex, data);
        }
    }

    private async Task<HealthCheckResult> CheckAsync(Dictionary<string, object> data, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (!await db.Database.CanConnectAsync(ct)) return HealthCheckResult.Unhealthy("The database does not answer.", data: data);
        if (settings.Provider == DatabaseProvider.MySql)
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
            data["pendingMigrations"] = pending.Count;
            if (pending.Count > 0) return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending.", data: data);
        }
        return HealthCheckResult.Healthy("The database answers and its schema is current.", data);
    }
}

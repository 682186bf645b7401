using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Web.Operations;

/// <summary>Ready only when this replica's Hangfire server is running (or the replica is configured without one).</summary>
public sealed class JobServerHealthCheck(IServiceProvider services, IOptions<JobsOptions> jobs) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!jobs.Value.RunServer) return Task.FromResult(HealthCheckResult.Healthy("This replica runs no job server (Jobs:RunServer=false)."));
        try
        {
            var servers = services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers();
            var mine = servers.Where(s => s.Name.Contains(JobsServiceCollectionExtensions.ServerName, StringComparison.OrdinalIgnoreCase)).ToList();
            var data = new Dictionary<string, object> { ["servers"] = servers.Count, ["workers"] = mine.Sum(s => s.WorkersCount) };
            return Task.FromResult(mine.Count > 0
                ? HealthCheckResult.Healthy("The Hangfire server is running.", data)
                : HealthCheckResult.Unhealthy("The Hangfire server has not announced itself yet.", data: data));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job store does not answer.", ex));
        }
    }
}

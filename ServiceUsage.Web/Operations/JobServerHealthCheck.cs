using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Web.Operations;

/// <summary>Ready only when this replica's Hangfire server is running (or the replica is configured without one).</summary>
public sealed class JobServerHealthCheck(IServiceProvider services, IOptions<JobsOptions> jobs) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (!jobs.Value.RunServer) return HealthCheckResult.Healthy("This replica runs no job server (Jobs:RunServer=false).");
        try
        {
            // The monitoring API blocks (Redis): run it aside, so the check's timeout can stop waiting for it.
            var servers = await Task.Run(() => services.GetRequiredService<JobStorage>().GetMonitoringApi().Servers(), ct).WaitAsync(ct);
            var mine = servers.Where(s => s.Name.Contains(JobsServiceCollectionExtensions.ServerName, StringComparison.OrdinalIgnoreCase)).ToList();
            var data = new Dictionary<string, object> { ["servers"] = servers.Count, ["workers"] = mine.Sum(s => s.WorkersCount) };
            return mine.Count > 0
                ? HealthCheckResult.Healthy("The Hangfire server is running.", data)
                : HealthCheckResult.Unhealthy("The Hangfire server has not announced itself yet.", data: data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The job store does not answer.", ex);
        }
    }
}

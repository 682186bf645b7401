using System.Diagnostics;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ServiceUsage.Tests.Infrastructure;
using ServiceUsage.Web.Jobs;

namespace ServiceUsage.Tests.Jobs;

/// <summary>Two replicas sharing one Redis job store run a recurring job once per tick, not once per replica.</summary>
public sealed class RedisScaleOutTests
{
    private static string Redis => Environment.GetEnvironmentVariable("SERVICEUSAGE_TEST_REDIS") is { Length: > 0 } value ? value
        : throw new InvalidOperationException("SERVICEUSAGE_TEST_REDIS is not set: run the tests through ./test.sh, which starts Redis.");

    [Fact]
    public async Task Two_hosts_on_shared_redis_run_each_tick_of_a_recurring_job_once()
    {
        await using var database = await MariaDbTestDatabase.CreateAsync();
        var prefix = $"su-test-{Guid.NewGuid():N}:";
        // Timed from before the first replica starts: its server may run ticks while the second one starts.
        var watch = Stopwatch.StartNew();
        await using var first = Replica(database, prefix);
        await using var second = Replica(database, prefix);
        first.CreateClient().Dispose();
        second.CreateClient().Dispose();

        // Ticks every 2 s. Count executions in the shared job store (a run the job lock skipped counts too); the budget
        // watch each billing run queues is another job.
        var monitoring = first.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        while (watch.Elapsed < TimeSpan.FromSeconds(14)) await Task.Delay(250);
        var executions = monitoring.SucceededJobs(0, 1000).Count(j => j.Value.Job?.Type == typeof(PostpayBillingJob))
            + monitoring.ProcessingJobs(0, 100).Count(j => j.Value.Job?.Type == typeof(PostpayBillingJob));
        var elapsed = watch.Elapsed.TotalSeconds;

        await using var db = database.NewContext();
        var runs = await db.BillingRuns.AsNoTracking().Where(r => r.Job == JobIds.PostpayBilling).ToListAsync();
        Assert.True(runs.Count >= 3, $"only {runs.Count} recorded runs in {elapsed:0.0} s");
        Assert.All(runs, r => Assert.Null(r.Error));
        // Once per tick: at most one execution per 2-second tick that has passed, whichever replica took it.
        Assert.True(executions <= elapsed / 2 + 1, $"{executions} executions in {elapsed:0.0} s: some tick ran on both replicas");
        Assert.True(executions >= runs.Count);
    }

    private static ServiceUsageWebFactory Replica(TestDatabase database, string prefix)
    {
        var host = new ServiceUsageWebFactory(database);
        host.Settings["Hangfire:Storage"] = "Redis";
        host.Settings["Hangfire:RedisConnection"] = Redis;
        host.Settings["Hangfire:RedisPrefix"] = prefix;
        host.Settings["Jobs:RunServer"] = "true";
        host.Settings["Jobs:PostpayCron"] = "*/2 * * * * *";
        host.Settings["Jobs:PrepayCron"] = "0 0 1 1 *";
        host.Settings["Jobs:HousekeepingCron"] = "0 0 1 1 *";
        host.Settings["Jobs:BudgetWatchCron"] = "0 0 1 1 *";
        host.Settings["Jobs:SchedulePollingInterval"] = "00:00:01";
        return host;
    }
}

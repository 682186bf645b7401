using System.ComponentModel.DataAnnotations;

namespace ServiceUsage.Web.Jobs;

public enum JobStorageKind { InMemory, Redis }

/// <summary>The <c>Jobs</c> section: when the billing jobs run.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Cron (UTC) of <c>postpay-billing</c>; five or six fields (seconds first).</summary>
    [Required] public string PostpayCron { get; set; } = "*/5 * * * *";

    /// <summary>Cron (UTC) of <c>prepay-lifecycle</c>.</summary>
    [Required] public string PrepayCron { get; set; } = "* * * * *";

    /// <summary>Cron (UTC) of <c>housekeeping</c> (forgets expired idempotency keys).</summary>
    [Required] public string HousekeepingCron { get; set; } = "17 3 * * *";

    /// <summary>Cron (UTC) of <c>statements</c> (closes the months that may close).</summary>
    [Required] public string StatementsCron { get; set; } = "30 1 * * *";

    /// <summary>Cron (UTC) of <c>event-sequencing</c> (numbers committed events; the feed also numbers before it reads).</summary>
    [Required] public string EventsCron { get; set; } = "* * * * *";

    /// <summary>Cron (UTC) of <c>webhook-delivery</c> (fans events out to endpoints and sends what is due).</summary>
    [Required] public string WebhookCron { get; set; } = "* * * * *";
    /// <summary>Cron (UTC) of <c>budget-watch</c> (budget events; also queued after each billing run).</summary>
    [Required] public string BudgetWatchCron { get; set; } = "*/5 * * * *";

    /// <summary>How long the API remembers an Idempotency-Key and its first response.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Off: the host serves the dashboard but runs no job server (a web-only replica).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>How often the server looks for due recurring jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(15);
}

/// <summary>The <c>Hangfire</c> section: where the job store lives.</summary>
public sealed class HangfireStorageOptions
{
    public const string Section = "Hangfire";

    /// <summary>InMemory (one instance) or Redis (several replicas share schedules and locks).</summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.InMemory;

    /// <summary>StackExchange.Redis connection string, e.g. <c>redis:6379,password=...</c>.</summary>
    public string? RedisConnection { get; set; }

    /// <summary>Key prefix in Redis, so several deployments can share one server.</summary>
    public string RedisPrefix { get; set; } = "serviceusage:hangfire:";
}

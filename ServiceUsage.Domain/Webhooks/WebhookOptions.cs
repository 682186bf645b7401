using System.ComponentModel.DataAnnotations;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>The <c>Webhooks</c> section: delivery timing and limits, and which targets are allowed.</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// True: endpoints registered by admins may point at loopback, private and link-local addresses, and use http
    /// (an internal receiver; tests). Tenants' endpoints are always https to public addresses.
    /// </summary>
    public bool AllowPrivateTargets { get; set; }

    /// <summary>How long one POST may take, connection included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Standard Webhooks' schedule: about 27 hours over 8 attempts.</summary>
    public static readonly TimeSpan[] DefaultRetrySchedule =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>
    /// Waits between attempts after a failure (<see cref="DefaultRetrySchedule"/> when not set): after the last one
    /// fails the delivery is failed and its endpoint disabled. (Not initialised here: the binder would append to it.)
    /// </summary>
    public TimeSpan[]? RetrySchedule { get; set; }

    public TimeSpan[] Schedule => RetrySchedule is { Length: > 0 } set ? set : DefaultRetrySchedule;

    /// <summary>Endpoints one run fans out to and sends for; deliveries sent per endpoint per run.</summary>
    [Range(1, 1000)] public int EndpointsPerRun { get; set; } = 50;
    [Range(1, 10000)] public int DeliveriesPerEndpoint { get; set; } = 500;

    /// <summary>Events considered per endpoint per fan-out pass (each pass is one transaction).</summary>
    [Range(1, 10000)] public int FanOutBatch { get; set; } = 1000;

    /// <summary>Endpoints sent to at once by one host.</summary>
    [Range(1, 64)] public int Parallelism { get; set; } = 4;

    /// <summary>How long one host's claim on an endpoint holds; a run stops sending before it lapses.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Endpoints a tenant may register.</summary>
    [Range(1, 100)] public int MaxEndpointsPerTenant { get; set; } = 10;
}

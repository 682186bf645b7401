using Hangfire;
using ServiceUsage.Domain.Events;
using ServiceUsage.Domain.Webhooks;

namespace ServiceUsage.Web.Jobs;

/// <summary>
/// Every minute: fans new events out to webhook endpoints and sends what is due (<see cref="WebhookDispatcher"/>).
/// Bounded per run; two replicas may run it at once (each endpoint is claimed by one host). No Hangfire retry: the
/// next run picks up whatever is still due.
/// </summary>
public sealed partial class WebhookDeliveryJob(EventSequencer sequencer, WebhookDispatcher dispatcher, ILogger<WebhookDeliveryJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    public async Task<WebhookRunResult> RunAsync(CancellationToken ct)
    {
        // Number what has committed first (a bounded pass), so an event goes out in the same minute it happened.
        await sequencer.SequenceAsync(maxBatches: 2, ct);
        var result = await dispatcher.RunAsync(ct);
        if (result != new WebhookRunResult(0, 0, 0, 0))
            LogRun(logger, result.DeliveriesCreated, result.Delivered, result.FailedAttempts, result.EndpointsDisabled);
        return result;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhooks: {Created} deliveries created, {Delivered} delivered, {Failed} attempts failed, {Disabled} endpoints disabled")]
    private static partial void LogRun(ILogger logger, int created, int delivered, int failed, int disabled);
}

using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Billing;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>What one run did.</summary>
public sealed record WebhookRunResult(int DeliveriesCreated, int Delivered, int FailedAttempts, int EndpointsDisabled);

/// <summary>Counts for /metrics: every attempt by outcome, and deliveries that ran out of retries.</summary>
public interface IWebhookObserver
{
    void AttemptFinished(WebhookAttemptOutcome outcome, bool deliveryFailed);
}

/// <summary>
/// One run of webhook delivery: fan the newly sequenced events out to the endpoints that want them
/// (<see cref="WebhookFanOut"/>), then, for a bounded number of endpoints whose next delivery is due, claim the endpoint
/// (a lease row update: two hosts never send for one endpoint at once) and send its pending deliveries in sequence order.
/// The first failure stops that endpoint's queue until its back-off has passed (order is kept); once a delivery has
/// failed every attempt of <see cref="WebhookOptions.Schedule"/> it is failed and the endpoint disabled, with a
/// <c>webhook.endpoint-disabled</c> event. At least once: a crash between the POST and the commit sends it again.
/// </summary>
public sealed partial class WebhookDispatcher(
    IDbContextFactory<ServiceUsageDbContext> contexts, WebhookFanOut fanOut, WebhookHttp http, WebhookSecrets secrets,
    IOptions<WebhookOptions> options, TimeProvider clock, IEnumerable<IWebhookObserver> observers, ILogger<WebhookDispatcher> logger)
{
    /// <summary>Successful attempts committed together.</summary>
    public const int SaveEvery = 100;

    public async Task<WebhookRunResult> RunAsync(CancellationToken ct = default)
    {
        var created = await fanOut.RunAsync(ct);
        var o = options.Value;
        var now = BillingTime.Now(clock);
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(ct))
        {
            due = await db.WebhookEndpoints
                .Where(e => e.Enabled && (e.NextAttemptAt == null || e.NextAttemptAt <= now) && (e.LeaseUntil == null || e.LeaseUntil < now)
                    && db.WebhookDeliveries.Any(d => d.EndpointId == e.Id && d.Status == WebhookDeliveryStatus.Pending))
                .OrderBy(e => e.NextAttemptAt).ThenBy(e => e.Id)
                .Select(e => e.Id).Take(o.EndpointsPerRun).ToListAsync(ct);
        }
        var totals = new int[3];
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = o.Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            var (delivered, failed, disabled) = await SendForAsync(id, token);
            Interlocked.Add(ref totals[0], delivered);
            Interlocked.Add(ref totals[1], failed);
            Interlocked.Add(ref totals[2], disabled ? 1 : 0);
        });
        return new WebhookRunResult(created, totals[0], totals[1], totals[2]);
    }

    private async Task<(int Delivered, int Failed, bool Disabled)> SendForAsync(long id, CancellationToken ct)
    {
        var o = options.Value;
        var claim = $"{BillingRunner.HostName}/{Guid.NewGuid():N}"[..Math.Min(100, BillingRunner.HostName.Length + 33)];
        var now = BillingTime.Now(clock);
        await using var db = await contexts.CreateDbContextAsync(ct);
        var claimed = await db.WebhookEndpoints
            .Where(e => e.Id == id && e.Enabled && (e.LeaseUntil == null || e.LeaseUntil < now))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.LeaseOwner, claim).SetProperty(e => e.LeaseUntil, now + o.Lease), ct);
        if (claimed == 0) return (0, 0, false);
        var (delivered, failed, disabled) = (0, 0, false);
        try
        {
            var endpoint = await db.WebhookEndpoints.SingleAsync(e => e.Id == id, ct);
            var key = WebhookSignature.Key(secrets.Unprotect(endpoint.ProtectedSecret));
            var queue = await db.WebhookDeliveries.Where(d => d.EndpointId == id && d.Status == WebhookDeliveryStatus.Pending)
                .OrderBy(d => d.Sequence).Take(o.DeliveriesPerEndpoint).ToListAsync(ct);
            var bodies = await WebhookPayloads.LoadAsync(db, queue.Select(d => d.EventId).ToList(), ct);
            var client = http.For(endpoint, o);
            // Stop well before the claim lapses, so no other host can start on this endpoint while a POST is in flight.
            var budget = Stopwatch.StartNew();
            // Attempts commit in groups (and at once after a failure): a crash resends at most a group, which at-least-once allows.
            var unsaved = new List<(WebhookAttemptOutcome Outcome, bool Final)>();
            foreach (var delivery in queue)
            {
                if (budget.Elapsed > o.Lease / 2 - o.Timeout || ct.IsCancellationRequested) break;
                var attempt = bodies.TryGetValue(delivery.EventId, out var body)
                    ? await SendAsync(client, endpoint, key, delivery, body, ct)
                    : new WebhookAttempt { At = BillingTime.Now(clock), Outcome = WebhookAttemptOutcome.Refused, Error = "The event no longer exists." };
                var finalFailure = Record(endpoint, delivery, attempt);
                if (finalFailure) WebhookNotices.Disabled(db, endpoint, delivery);
                unsaved.Add((attempt.Outcome, finalFailure));
                if (attempt.Outcome == WebhookAttemptOutcome.Succeeded)
                {
                    delivered++;
                    if (unsaved.Count >= SaveEvery) await SaveAsync(db, unsaved, ct);
                    continue;
                }
                failed++;
                disabled = finalFailure;
                if (finalFailure) LogDisabled(logger, endpoint.Id, delivery.Attempts);
                break;
            }
            if (unsaved.Count > 0) await SaveAsync(db, unsaved, ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The endpoint was deleted while its deliveries were being sent: nothing left to record.
        }
        finally
        {
            await db.WebhookEndpoints.Where(e => e.Id == id && e.LeaseOwner == claim)
                .ExecuteUpdateAsync(set => set.SetProperty(e => e.LeaseOwner, (string?)null).SetProperty(e => e.LeaseUntil, (DateTime?)null), CancellationToken.None);
        }
        return (delivered, failed, disabled);
    }

    private async Task SaveAsync(ServiceUsageDbContext db, List<(WebhookAttemptOutcome Outcome, bool Final)> unsaved, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        foreach (var (outcome, final) in unsaved)
            foreach (var observer in observers) observer.AttemptFinished(outcome, final);
        unsaved.Clear();
    }

    /// <summary>Applies an attempt to its delivery and endpoint; true when the delivery has now failed for good.</summary>
    private bool Record(WebhookEndpoint endpoint, WebhookDelivery delivery, WebhookAttempt attempt)
    {
        var schedule = options.Value.Schedule;
        delivery.AttemptLog.Add(attempt);
        delivery.Attempts++;
        delivery.LastStatusCode = attempt.StatusCode;
        if (attempt.Outcome == WebhookAttemptOutcome.Succeeded)
        {
            delivery.Status = WebhookDeliveryStatus.Delivered;
            delivery.FinishedAt = attempt.At;
            endpoint.NextAttemptAt = null;
            return false;
        }
        if (delivery.Attempts <= schedule.Length)
        {
            endpoint.NextAttemptAt = attempt.At + schedule[delivery.Attempts - 1];
            return false;
        }
        delivery.Status = WebhookDeliveryStatus.Failed;
        delivery.FinishedAt = attempt.At;
        endpoint.Enabled = false;
        endpoint.DisabledAt = attempt.At;
        endpoint.DisabledReason = $"Disabled after delivery {delivery.Id} (event {delivery.Sequence}) failed {delivery.Attempts} attempts: {attempt.Error}";
        if (endpoint.DisabledReason.Length > 500) endpoint.DisabledReason = endpoint.DisabledReason[..500];
        endpoint.NextAttemptAt = null;
        return true;
    }

    private async Task<WebhookAttempt> SendAsync(HttpClient client, WebhookEndpoint endpoint, byte[] key, WebhookDelivery delivery, byte[] body, CancellationToken ct)
    {
        var at = BillingTime.Now(clock);
        var timestamp = new DateTimeOffset(at).ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(WebhookSignature.IdHeader, delivery.EventId);
        request.Headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp.ToString());
        request.Headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(key, delivery.EventId, timestamp, body));
        request.Headers.UserAgent.ParseAdd("ServiceUsage-Webhooks/1");
        var watch = Stopwatch.StartNew();
        var attempt = new WebhookAttempt { At = at };
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            attempt.StatusCode = (int)response.StatusCode;
            attempt.Outcome = response.IsSuccessStatusCode ? WebhookAttemptOutcome.Succeeded : WebhookAttemptOutcome.Failed;
            if (!response.IsSuccessStatusCode) attempt.Error = $"The receiver answered {(int)response.StatusCode}.";
        }
        catch (HttpRequestException ex) when (ex.InnerException is WebhookTargetRefusedException refused)
        {
            attempt.Outcome = WebhookAttemptOutcome.Refused;
            attempt.Error = "Not sent: " + refused.Message + ".";
        }
        catch (HttpRequestException ex)
        {
            attempt.Outcome = WebhookAttemptOutcome.Failed;
            attempt.Error = ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : $"{ex.HttpRequestError}: {ex.Message}";
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            attempt.Outcome = WebhookAttemptOutcome.Failed;
            attempt.Error = $"No answer within {options.Value.Timeout.TotalSeconds:0.#} s.";
        }
        attempt.DurationMs = (int)Math.Min(int.MaxValue, watch.ElapsedMilliseconds);
        if (attempt.Error is { Length: > 300 }) attempt.Error = attempt.Error[..300];
        return attempt;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook endpoint {EndpointId} disabled: a delivery failed all {Attempts} attempts")]
    private static partial void LogDisabled(ILogger logger, long endpointId, int attempts);
}

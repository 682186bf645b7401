using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ServiceUsage.Domain.Data;
using ServiceUsage.Domain.Time;

namespace ServiceUsage.Domain.Webhooks;

/// <summary>Who asks: a tenant sees and changes only its own endpoints; an admin every one, and registers deployment endpoints.</summary>
public sealed record WebhookAccess(string User, bool IsAdmin)
{
    public bool MaySee(WebhookEndpoint endpoint) => IsAdmin || string.Equals(endpoint.Owner, User, StringComparison.Ordinal);
}

/// <summary>An endpoint just registered: its secret is shown this once.</summary>
public sealed record CreatedWebhookEndpoint(WebhookEndpoint Endpoint, string Secret);

/// <summary>Registering, changing and removing endpoints; their deliveries and resends. The API and the portal both call this.</summary>
public sealed class WebhookEndpoints(
    ServiceUsageDbContext db, WebhookSecrets secrets, IWebhookDns dns, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const int MaxDeliveriesPage = 100;

    public async Task<CreatedWebhookEndpoint> CreateAsync(WebhookAccess access, string? url, IEnumerable<string?>? eventTypes, CancellationToken ct = default)
    {
        var owner = access.IsAdmin ? null : access.User;
        var uri = await CheckUrlAsync(url, owner, ct);
        var types = WebhookEventTypes.Normalize(eventTypes);
        if (owner is not null && await db.WebhookEndpoints.CountAsync(e => e.Owner == owner, ct) >= options.Value.MaxEndpointsPerTenant)
            throw new WebhookException(WebhookError.TooMany, $"A tenant may register at most {options.Value.MaxEndpointsPerTenant} webhook endpoints.");
        var secret = WebhookSignature.NewSecret();
        var now = BillingTime.Now(clock);
        var endpoint = new WebhookEndpoint
        {
            Owner = owner,
            CreatedBy = access.User,
            Url = uri.AbsoluteUri,
            EventTypes = types,
            ProtectedSecret = secrets.Protect(secret),
            CreatedAt = now,
            UpdatedAt = now,
            // Events from now on: an endpoint does not receive the history (the pull feed has it).
            Cursor = await WebhookFanOut.LastSequenceAsync(db, ct),
        };
        db.WebhookEndpoints.Add(endpoint);
        await db.SaveChangesAsync(ct);
        return new CreatedWebhookEndpoint(endpoint, secret);
    }

    public async Task<IReadOnlyList<WebhookEndpoint>> ListAsync(WebhookAccess access, CancellationToken ct = default) =>
        await Visible(access).AsNoTracking().OrderBy(e => e.Id).ToListAsync(ct);

    public async Task<WebhookEndpoint> GetAsync(WebhookAccess access, long id, CancellationToken ct = default) =>
        await FindAsync(access, id, ct) ?? throw WebhookException.NotFound(id);

    /// <summary>The endpoint if the caller may see it (another tenant's is null, like a missing one).</summary>
    public Task<WebhookEndpoint?> FindAsync(WebhookAccess access, long id, CancellationToken ct = default) =>
        Visible(access).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct);

    /// <summary>Changes what is given (null keeps it). Enabling again clears the notice and resumes where delivery stopped.</summary>
    public async Task<WebhookEndpoint> UpdateAsync(WebhookAccess access, long id, string? url, IEnumerable<string?>? eventTypes, bool? enabled, CancellationToken ct = default)
    {
        var endpoint = await Visible(access).SingleOrDefaultAsync(e => e.Id == id, ct) ?? throw WebhookException.NotFound(id);
        if (url is not null) endpoint.Url = (await CheckUrlAsync(url, endpoint.Owner, ct)).AbsoluteUri;
        if (eventTypes is not null) endpoint.EventTypes = WebhookEventTypes.Normalize(eventTypes);
        var now = BillingTime.Now(clock);
        if (enabled == true && !endpoint.Enabled)
        {
            endpoint.Enabled = true;
            endpoint.DisabledAt = null;
            endpoint.DisabledReason = null;
            endpoint.NextAttemptAt = null;
        }
        else if (enabled == false && endpoint.Enabled)
        {
            endpoint.Enabled = false;
            endpoint.DisabledAt = now;
            endpoint.DisabledReason = $"Disabled by {access.User}.";
        }
        endpoint.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        return endpoint;
    }

    /// <summary>Removes the endpoint with its deliveries and their attempts.</summary>
    public async Task DeleteAsync(WebhookAccess access, long id, CancellationToken ct = default)
    {
        if (await Visible(access).Where(e => e.Id == id).ExecuteDeleteAsync(ct) == 0) throw WebhookException.NotFound(id);
    }

    /// <summary>The endpoint's deliveries, newest first (ids below <paramref name="before"/> when given), with their attempts.</summary>
    public async Task<IReadOnlyList<WebhookDelivery>> DeliveriesAsync(WebhookAccess access, long id, long? before, int limit, CancellationToken ct = default)
    {
        if (limit is < 1 or > MaxDeliveriesPage)
            throw new WebhookException(WebhookError.Invalid, $"limit must be 1 to {MaxDeliveriesPage}.", "limit");
        await GetAsync(access, id, ct);
        return await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.EndpointId == id && (before == null || d.Id < before))
            .OrderByDescending(d => d.Id).Take(limit)
            .Include(d => d.AttemptLog.OrderBy(a => a.Id))
            .AsSplitQuery()
            .ToListAsync(ct);
    }

    /// <summary>Sends a delivery again, at once (in its place by sequence); its attempts so far stay in its log.</summary>
    public async Task<WebhookDelivery> ResendAsync(WebhookAccess access, long id, long deliveryId, CancellationToken ct = default)
    {
        var endpoint = await Visible(access).SingleOrDefaultAsync(e => e.Id == id, ct) ?? throw WebhookException.NotFound(id);
        var delivery = await db.WebhookDeliveries.Include(d => d.AttemptLog.OrderBy(a => a.Id))
            .SingleOrDefaultAsync(d => d.Id == deliveryId && d.EndpointId == id, ct)
            ?? throw new WebhookException(WebhookError.NotFound, $"Delivery {deliveryId} of webhook endpoint {id} was not found.", "deliveryId");
        if (!await db.Events.AnyAsync(e => e.Id == delivery.EventId, ct)) // forgotten by retention (Events.EventRetention)
            throw new WebhookException(WebhookError.NotFound, $"The event of delivery {deliveryId} is no longer kept, so it cannot be sent again.", "deliveryId");
        delivery.Status = WebhookDeliveryStatus.Pending;
        delivery.Attempts = 0;
        delivery.FinishedAt = null;
        endpoint.NextAttemptAt = null;
        await db.SaveChangesAsync(ct);
        return delivery;
    }

    private IQueryable<WebhookEndpoint> Visible(WebhookAccess access) =>
        access.IsAdmin ? db.WebhookEndpoints : db.WebhookEndpoints.Where(e => e.Owner == access.User);

    /// <summary>Tenants: https to public addresses. Admins too, unless <see cref="WebhookOptions.AllowPrivateTargets"/>.</summary>
    private async Task<Uri> CheckUrlAsync(string? url, string? owner, CancellationToken ct)
    {
        var trusted = owner is null && options.Value.AllowPrivateTargets;
        var uri = WebhookTargets.ParseUrl(url, trusted);
        if (!trusted) await WebhookTargets.CheckAddressesAsync(uri, dns, "url", ct);
        return uri;
    }
}

using Microsoft.AspNetCore.Mvc;
using ServiceUsage.Domain.Webhooks;
using ServiceUsage.Web.Api.Infrastructure;

namespace ServiceUsage.Web.Api.Webhooks;

/// <summary>
/// Webhook endpoints: a tenant registers its own (its events only); an admin's are deployment endpoints (every event)
/// and an admin sees and changes every endpoint. Another tenant's endpoint is "not found".
/// </summary>
[Route(Prefix + "/webhooks")]
public sealed class WebhooksController(WebhookEndpoints endpoints) : ApiControllerBase
{
    private WebhookAccess Access => new(Caller.User, Caller.IsAdmin);

    [HttpPost]
    [Consumes("application/json")]
    [EndpointName("createWebhook"), EndpointSummary("Register a webhook endpoint (its signing secret is shown once)")]
    [ProducesResponseType<CreatedWebhookResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, ApiProblems.ContentType)]
    [ResponseHeader(201, "Location", "The new endpoint's URL.")]
    public async Task<IActionResult> Create(CreateWebhookRequest request, CancellationToken ct)
    {
        var (e, secret) = await endpoints.CreateAsync(Access, request.Url, request.EventTypes, ct);
        return Created($"/{Prefix}/webhooks/{e.Id}", new CreatedWebhookResponse(e.Id, e.Url, e.Types, e.Enabled, e.Owner, e.CreatedAt, secret));
    }

    [HttpGet]
    [EndpointName("listWebhooks"), EndpointSummary("The caller's webhook endpoints (every one for admins), without secrets")]
    [ProducesResponseType<IReadOnlyList<WebhookResponse>>(StatusCodes.Status200OK)]
    public async Task<IReadOnlyList<WebhookResponse>> List(CancellationToken ct) =>
        (await endpoints.ListAsync(Access, ct)).Select(WebhookResponse.From).ToList();

    [HttpGet("{id:long}")]
    [EndpointName("getWebhook"), EndpointSummary("One webhook endpoint")]
    [ProducesResponseType<WebhookResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<WebhookResponse> Get(long id, CancellationToken ct) => WebhookResponse.From(await endpoints.GetAsync(Access, id, ct));

    [HttpPut("{id:long}")]
    [Consumes("application/json")]
    [EndpointName("updateWebhook"), EndpointSummary("Change a webhook endpoint's URL or event types, or enable or disable it")]
    [ProducesResponseType<WebhookResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<WebhookResponse> Update(long id, UpdateWebhookRequest request, CancellationToken ct) =>
        WebhookResponse.From(await endpoints.UpdateAsync(Access, id, request.Url, request.EventTypes, request.Enabled, ct));

    [HttpDelete("{id:long}")]
    [EndpointName("deleteWebhook"), EndpointSummary("Remove a webhook endpoint with its deliveries")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Delete(long id, CancellationToken ct)
    {
        await endpoints.DeleteAsync(Access, id, ct);
        return NoContent();
    }

    /// <summary>Newest first, <c>limit</c> at a time (1 to 100, default 50); pass the last id seen as <c>before</c> for the next page.</summary>
    [HttpGet("{id:long}/deliveries")]
    [EndpointName("listWebhookDeliveries"), EndpointSummary("An endpoint's deliveries with their attempts")]
    [ProducesResponseType<WebhookDeliveryListResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<WebhookDeliveryListResponse> Deliveries(long id, long? before, int? limit, CancellationToken ct) =>
        new((await endpoints.DeliveriesAsync(Access, id, before, limit ?? 50, ct)).Select(WebhookDeliveryResponse.From).ToList());

    [HttpPost("{id:long}/deliveries/{deliveryId:long}/resend")]
    [EndpointName("resendWebhookDelivery"), EndpointSummary("Send a delivery again, at the next run (its attempt log stays)")]
    [ProducesResponseType<WebhookDeliveryResponse>(StatusCodes.Status202Accepted)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound, ApiProblems.ContentType)]
    public async Task<IActionResult> Resend(long id, long deliveryId, CancellationToken ct) =>
        Accepted(WebhookDeliveryResponse.From(await endpoints.ResendAsync(Access, id, deliveryId, ct)));
}
